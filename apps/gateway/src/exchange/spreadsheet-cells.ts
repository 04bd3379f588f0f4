import type { Options } from 'csv-stringify';

/** What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet shows as text: one that would start a formula gets a leading single
 * quote, which spreadsheets take as "text" and do not show. The lists export what
 * departments typed (purposes, legal bases, reasons), which another department opens.
 */
export function spreadsheetText(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/**
 * The options of every CSV the gateway writes: each text cell made safe, and every cell
 * quoted, so that a spreadsheet splitting on ";" (as some locales do) cannot make a new cell,
 * and so a new formula, out of the middle of one.
 */
export const spreadsheetCsv: Options = { bom: true, quoted: true, cast: { string: spreadsheetText } };
