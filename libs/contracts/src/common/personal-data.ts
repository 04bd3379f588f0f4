/**
 * Finds the personal values people write into free text by mistake: resident ID numbers,
 * bank card numbers, mobile phone numbers and names after a label. The text is read as a
 * person reads it: full-width digits and letters as plain ones (Unicode NFKC), invisible
 * format characters dropped, and digits that spaces, dashes or dots split into groups
 * ("150102 19900307 1237", "138-1234-5678", "+86 138 1234 5678") as one number.
 *
 * What it cannot see: a name written without a label, digits spelled out (一三八…) or in
 * another script, a number split by words. It finds mistakes, not a determined leak.
 */
export type PersonalDataKind = 'an ID number' | 'an ID or bank card number' | 'a bank card number' | 'a phone number' | 'a name';

/** What people put between the digit groups of a number: spaces, dashes of every kind, dots, underscores. */
const separator = '[\\s\\-\\u2010-\\u2015\\u2212._]';
/** A number in groups: up to three separators between two digits, maybe the check character X of an ID. */
const numberRun = new RegExp(`\\d(?:${separator}{0,3}\\d)*(?:${separator}{0,3}[Xx])?`, 'g');
const separators = new RegExp(`${separator}+`);
const formatCharacter = /\p{Cf}/u;
const formatCharacters = /\p{Cf}/gu;

/** A mainland mobile number, maybe after the country code (86, 0086). */
const mobile = /^(?:0{0,2}86)?1[3-9]\d{9}$/;

/** A label that introduces a person's name, then the name. */
const labelledName = [
  /(?:姓名|名字|联系人|申请人|当事人|经办人|法定代表人|负责人|户主|患者|监护人|持卡人|收件人)\s*[:=]\s*[\p{Script=Han}·]{2,}/u,
  /\b(?:name|full[\s_-]?name|applicant|contact(?:\s+person)?|patient|holder)\s*[:=]\s*\p{L}{2,}/iu,
];

/** The first personal value in the text, by kind, or undefined when it holds none. */
export function personalDataIn(text: string): PersonalDataKind | undefined {
  // Each step is tried only when a cheap test says it may find something: a call's purpose
  // is read here on the data-call path, twice (at the gateway and at the exchange).
  let normal = text.normalize('NFKC');
  if (formatCharacter.test(normal)) normal = normal.replace(formatCharacters, '');
  if (/\d/.test(normal)) {
    for (const [run] of normal.matchAll(numberRun)) {
      const found = personalNumber(run);
      if (found) return found;
    }
  }
  return /[:=]/.test(normal) && labelledName.some((pattern) => pattern.test(normal)) ? 'a name' : undefined;
}

function personalNumber(run: string): PersonalDataKind | undefined {
  const groups = run.split(separators);
  // Every group alone, read as the rule for unbroken digits always read them.
  for (const group of groups) {
    const found = unbroken(group);
    if (found) return found;
  }
  if (groups.length === 1) return undefined;
  // Groups written together make a number only when it has the shape of one: an ID number
  // with a birth date in it, a card number, a mobile number. Dates and case numbers
  // ("2026-11-27", "QSL-20261127-0042") joined have none of these shapes.
  for (let first = 0; first < groups.length - 1; first += 1) {
    let joined = groups[first];
    for (let last = first + 1; last < groups.length; last += 1) {
      joined += groups[last];
      if (joined.length > longestShape) break;
      const found = shaped(joined);
      if (found) return found;
    }
  }
  return undefined;
}

/** No shape below is longer: a card has at most 19 digits. */
const longestShape = 19;

/** Digits as typed in one piece: one of the shapes below, or else any 15 or more, or 17 and an X. */
function unbroken(digits: string): PersonalDataKind | undefined {
  const found = shaped(digits);
  if (found) return found;
  if (/\d{17}[Xx]/.test(digits)) return 'an ID number';
  if (/\d{15,}/.test(digits)) return 'an ID or bank card number';
  return undefined;
}

function shaped(digits: string): PersonalDataKind | undefined {
  if (digits.length === 18 && /^[1-8]\d{16}[\dXx]$/.test(digits) && isDate(digits.slice(6, 14))) return 'an ID number';
  if (digits.length === 15 && /^[1-8]\d{14}$/.test(digits) && isDate(`19${digits.slice(6, 12)}`)) return 'an ID number';
  if (digits.length >= 16 && digits.length <= 19 && /^[3-6]\d+$/.test(digits)) return 'a bank card number';
  if (mobile.test(digits)) return 'a phone number';
  return undefined;
}

/** YYYYMMDD of a birth date: a year from 1900 to 2099, a month, a day. */
function isDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
