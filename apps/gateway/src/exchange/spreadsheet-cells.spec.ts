import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetCsv, spreadsheetText } from './spreadsheet-cells.js';

describe('spreadsheet cells', () => {
  it('keeps as text every cell a spreadsheet would read as a formula (OWASP)', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.equal(spreadsheetText(`${start}1+1`), `'${start}1+1`);
    for (const plain of ['1+1', '《个人信息保护法》', '', "'=already"]) assert.equal(spreadsheetText(plain), plain);
  });

  it('writes every text cell made safe and quoted, numbers as they are', () => {
    const csv = stringify([['=cmd|" /C calc"!A0', 'a;=b', 42]], { ...spreadsheetCsv, bom: false });
    assert.equal(csv, '"\'=cmd|"" /C calc""!A0","a;=b","42"\n');
  });
});
