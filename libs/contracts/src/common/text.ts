import { z } from 'zod';

/**
 * What a string of a contract is. Every string schema of every contract is made by one of
 * the functions below (a lint rule keeps `z.string()` out of the other files), so each one
 * refuses text that cannot be stored, and each one says what it holds: the contracts spec
 * walks every route and message and fails on a string that says nothing.
 *
 * - `code`: an identifier or code held to a pattern (catalog codes, field names, client ids).
 * - `kept`: free text the platform keeps as written and shows to other departments or the
 *   public; personal values are refused in it (see keptText).
 * - `personal`: a personal value by design (a person's name, a key value of a data call),
 *   which the service that receives it tokenises or seals; never kept in clear text.
 * - `secret`: a password: never kept, never shown, not trimmed.
 * - `search`: words a caller searches with; used for the query and not kept.
 * - `shown`: text a service answers or announces, read from what it stored.
 */
export type TextKind = 'code' | 'kept' | 'personal' | 'secret' | 'search' | 'shown';

/**
 * Characters no text of the platform may hold: NUL, which PostgreSQL cannot store in text
 * or jsonb (a whole statement fails on it), a lone UTF-16 surrogate, which is no character
 * at all and which PostgreSQL refuses in JSON, and the other C0 controls but tab, line feed
 * and carriage return, which no field means and which break logs and CSV files.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
const unstorable = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be kept, or undefined when it can: one scan of the text. */
export function unstorableIn(text: string): string | undefined {
  const found = unstorable.exec(text);
  if (!found) return undefined;
  const unit = found[0].charCodeAt(0);
  if (unit === 0) return 'must not hold NUL (U+0000)';
  if (unit >= 0xd800) return 'must not hold a lone surrogate (half of a UTF-16 pair)';
  return `must not hold the control character U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
}

const unstorableEverywhere = new RegExp(unstorable.source, 'g');

/** The text with each character unstorableIn finds replaced by U+FFFD, for a record that must be kept anyway. */
export function madeStorable(text: string): string {
  return text.replace(unstorableEverywhere, '\uFFFD');
}

const kinds = new Map<z.core.$ZodCheck<string>, TextKind>();

/**
 * One check instance per kind: the check refuses unstorable text, and which instance a
 * schema carries says its kind, at no cost beyond the check itself.
 */
function storable(kind: TextKind): z.core.$ZodCheck<string> {
  const check = z.check<string>((payload) => {
    const problem = unstorableIn(payload.value);
    if (problem) payload.issues.push({ code: 'custom', message: problem, input: payload.value, inst: check, continue: true });
  });
  kinds.set(check, kind);
  return check;
}

const storableAs = {
  code: storable('code'),
  kept: storable('kept'),
  personal: storable('personal'),
  secret: storable('secret'),
  search: storable('search'),
  shown: storable('shown'),
} as const satisfies Record<TextKind, z.core.$ZodCheck<string>>;

/** The string schema every helper starts from: it refuses unstorable text first. */
export function textOf(kind: TextKind): z.ZodString {
  return z.string().check(storableAs[kind]);
}

/** The kind of a string schema, or undefined when it was not made by these helpers. */
export function textKindOf(schema: z.ZodType): TextKind | undefined {
  for (const check of (schema._zod.def as { checks?: z.core.$ZodCheck<never>[] }).checks ?? []) {
    const kind = kinds.get(check as z.core.$ZodCheck<string>);
    if (kind) return kind;
  }
  return undefined;
}

/** An identifier or code: the pattern says everything it may hold. */
export function code(pattern: RegExp, message: string): z.ZodString {
  return textOf('code').regex(pattern, message);
}

/** A personal value the receiving service tokenises or seals, never keeping it in clear. */
export function personalText(max: number): z.ZodString {
  return textOf('personal').max(max);
}

/** A password: kept only as a hash, so it is taken exactly as typed. */
export function secretText(min: number, max: number, tooShort?: string): z.ZodString {
  return textOf('secret').min(min, tooShort).max(max);
}

/** Words to search with: used for the query only. */
export function searchText(max: number): z.ZodString {
  return textOf('search').trim().min(1).max(max);
}

/** Text a service answers with or announces: what it stored, read back. */
export function shownText(): z.ZodString {
  return textOf('shown');
}
