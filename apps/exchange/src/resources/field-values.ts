import { unstorableIn, type CatalogField } from '@igs/contracts';

export type FieldValue = string | number | boolean | null;

/**
 * A loaded value, checked against its field's type and put in one canonical form
 * (decimals and dates as strings, ID numbers in capitals without spaces, so equal values
 * give equal tokens). Calls put their keys and verified values in the same form.
 */
export function normalizeValue(field: CatalogField, raw: unknown): { ok: true; value: FieldValue } | { ok: false; reason: string } {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: null };
  switch (field.type) {
    case 'string': {
      const text = String(raw).trim();
      if (text.length > 4000) return { ok: false, reason: 'is longer than 4,000 characters' };
      // PostgreSQL would refuse the whole batch of rows for one NUL or lone surrogate.
      const unstorable = unstorableIn(text);
      if (unstorable) return { ok: false, reason: unstorable };
      // An ID number is one token however it was typed: a resident ID's check character is
      // written "x" as often as "X", and numbers are copied with spaces in them.
      return { ok: true, value: field.piType === 'id_number' ? text.replace(/\s+/g, '').toUpperCase() : text.normalize('NFC') };
    }
    case 'integer': {
      const number = typeof raw === 'number' ? raw : /^-?\d{1,15}$/.test(String(raw).trim()) ? Number(String(raw).trim()) : Number.NaN;
      return Number.isSafeInteger(number) ? { ok: true, value: number } : { ok: false, reason: 'is not an integer' };
    }
    case 'decimal': {
      const text = String(raw).trim();
      return /^-?\d{1,18}(\.\d{1,8})?$/.test(text)
        ? { ok: true, value: text.replace(/^(-?)0+(?=\d)/, '$1') }
        : { ok: false, reason: 'is not a decimal number' };
    }
    case 'date': {
      const text = String(raw).trim();
      return isCalendarDate(text) ? { ok: true, value: text } : { ok: false, reason: 'is not a date (YYYY-MM-DD)' };
    }
    case 'datetime': {
      const time = Date.parse(String(raw));
      return Number.isNaN(time) ? { ok: false, reason: 'is not a date and time (ISO 8601)' } : { ok: true, value: new Date(time).toISOString() };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const text = String(raw).trim().toLowerCase();
      if (text === 'true' || text === '1') return { ok: true, value: true };
      if (text === 'false' || text === '0') return { ok: true, value: false };
      return { ok: false, reason: 'is not true or false' };
    }
  }
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether YYYY-MM-DD names a day of the calendar (no 30 February, no month 13). Checked
 * with the date's parts rather than by printing a parsed Date: that threw on a month out
 * of range, and cost four times as much on every loaded row.
 */
function isCalendarDate(text: string): boolean {
  const parts = datePattern.exec(text);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
