import { parse } from 'csv-parse/sync';

export interface FileRow {
  line: number;
  catalog: unknown;
  fieldLines?: number[];
}

export interface ParsedFile {
  rows: FileRow[];
  unreadable: { line: number; reason: string }[];
}

/** NDJSON: one catalog (with its fields) per line. */
export function readNdjson(text: string): ParsedFile {
  const rows: FileRow[] = [];
  const unreadable: ParsedFile['unreadable'] = [];
  text.split('\n').forEach((raw, index) => {
    const content = raw.trim();
    if (content === '') return;
    try {
      rows.push({ line: index + 1, catalog: JSON.parse(content) });
    } catch {
      unreadable.push({ line: index + 1, reason: 'the line is not valid JSON' });
    }
  });
  return { rows, unreadable };
}

const catalogColumns = ['code', 'name', 'description', 'provider_department', 'source_system', 'share_type', 'open_type', 'update_frequency', 'key_fields'] as const;
export const csvColumns = [...catalogColumns, 'field_name', 'field_label', 'field_type', 'field_category', 'field_grade', 'field_pi_type', 'field_policy'] as const;

/**
 * CSV: one row per field, the catalog's own columns repeated on each of its rows
 * (`key_fields` separated by ";"). Rows of one code make one catalog; its columns must
 * agree on every row.
 */
export function readCsv(text: string): ParsedFile {
  const unreadable: ParsedFile['unreadable'] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (error) {
    return { rows: [], unreadable: [{ line: Number((error as { lines?: number }).lines ?? 1), reason: `the file is not valid CSV: ${(error as Error).message}` }] };
  }
  const missing = csvColumns.filter((column) => records.length > 0 && !(column in records[0].record));
  if (missing.length > 0) return { rows: [], unreadable: [{ line: 1, reason: `the header lacks the columns ${missing.join(', ')}` }] };

  const catalogs = new Map<string, { row: FileRow; first: Record<string, string>; fields: unknown[] }>();
  const inconsistent = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    const code = record.code ?? '';
    let entry = catalogs.get(code);
    if (!entry) {
      const catalog = {
        code,
        name: record.name,
        description: record.description,
        providerDepartment: record.provider_department,
        sourceSystem: record.source_system,
        shareType: record.share_type,
        openType: record.open_type,
        updateFrequency: record.update_frequency,
        keyFields: (record.key_fields ?? '').split(';').map((key) => key.trim()).filter(Boolean),
        fields: [] as unknown[],
      };
      entry = { row: { line, catalog, fieldLines: [] }, first: record, fields: catalog.fields };
      catalogs.set(code, entry);
    } else {
      const differing = catalogColumns.filter((column) => record[column] !== entry!.first[column]);
      if (differing.length > 0) {
        unreadable.push({ line, reason: `${differing.join(', ')} differ from the first row of catalog ${code} (line ${entry.row.line})` });
        inconsistent.add(code);
        continue;
      }
    }
    const grade = Number(record.field_grade);
    entry.fields.push({
      name: record.field_name,
      label: record.field_label,
      type: record.field_type,
      category: record.field_category,
      grade: Number.isInteger(grade) && record.field_grade !== '' ? grade : record.field_grade,
      piType: record.field_pi_type ? record.field_pi_type : null,
      policy: record.field_policy,
    });
    entry.row.fieldLines!.push(line);
  }
  // A catalog is written whole or not at all: one inconsistent row rejects all of its rows.
  for (const code of inconsistent) {
    const entry = catalogs.get(code)!;
    unreadable.push({ line: entry.row.line, reason: `catalog ${code} is rejected: some of its rows disagree` });
    catalogs.delete(code);
  }
  unreadable.sort((a, b) => a.line - b.line);
  return { rows: [...catalogs.values()].map((entry) => entry.row), unreadable };
}

/** Flat records for a data resource: NDJSON objects, or CSV with the field names as header. */
export function readRecords(text: string, csv: boolean): { rows: { line: number; values: Record<string, unknown> }[]; unreadable: { line: number; reason: string }[] } {
  if (!csv) {
    const { rows, unreadable } = readNdjson(text);
    const records: { line: number; values: Record<string, unknown> }[] = [];
    for (const row of rows) {
      if (row.catalog && typeof row.catalog === 'object' && !Array.isArray(row.catalog)) records.push({ line: row.line, values: row.catalog as Record<string, unknown> });
      else unreadable.push({ line: row.line, reason: 'the line is not a JSON object' });
    }
    return { rows: records, unreadable };
  }
  try {
    const parsed: { record: Record<string, string>; info: { lines: number } }[] = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
    return { rows: parsed.map(({ record, info }) => ({ line: info.lines, values: record })), unreadable: [] };
  } catch (error) {
    return { rows: [], unreadable: [{ line: Number((error as { lines?: number }).lines ?? 1), reason: `the file is not valid CSV: ${(error as Error).message}` }] };
  }
}
