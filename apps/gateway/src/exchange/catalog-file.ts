import { Readable, pipeline } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { rowTooLarge, type FileItems, type Unreadable } from './file-batches.js';
import { LineSplitter, type Line } from './line-splitter.js';

export interface CatalogRow {
  line: number;
  catalog: unknown;
  fieldLines?: number[];
}

export interface RecordRow {
  line: number;
  values: Record<string, unknown>;
}

/** NDJSON catalogs: one catalog (with its fields) per line. */
export function ndjsonCatalogs(chunks: AsyncIterable<Buffer>, maxLineBytes: number): FileItems<CatalogRow> {
  return ndjson(chunks, maxLineBytes, (line, catalog) => ({ line, catalog }));
}

/** NDJSON records of a data resource: one object of field values per line. */
export function ndjsonRecords(chunks: AsyncIterable<Buffer>, maxLineBytes: number): FileItems<RecordRow> {
  return ndjson(chunks, maxLineBytes, (line, values) =>
    values && typeof values === 'object' && !Array.isArray(values)
      ? { line, values: values as Record<string, unknown> }
      : { line, reason: 'the line is not a JSON object' },
  );
}

async function* ndjson<Row>(chunks: AsyncIterable<Buffer>, maxLineBytes: number, toRow: (line: number, value: unknown) => Row | Unreadable): FileItems<Row> {
  const splitter = new LineSplitter(maxLineBytes);
  const read = (lines: Line[]) => {
    const items: (Row | Unreadable)[] = [];
    for (const { line, text } of lines) {
      const content = text.trim();
      if (content === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(content);
      } catch {
        items.push({ line, reason: 'the line is not valid JSON' });
        continue;
      }
      items.push(toRow(line, value));
    }
    return items;
  };
  for await (const chunk of chunks) yield read(splitter.push(chunk));
  yield read(splitter.end());
}

const catalogColumns = [
  'code',
  'name',
  'description',
  'provider_department',
  'source_system',
  'share_type',
  'open_type',
  'update_frequency',
  'key_fields',
] as const;
export const csvColumns = [
  ...catalogColumns,
  'field_name',
  'field_label',
  'field_type',
  'field_category',
  'field_grade',
  'field_pi_type',
  'field_policy',
] as const;

type CsvRecord = { record: Record<string, string>; info: { lines: number } };

/**
 * CSV catalogs: one row per field, the catalog's own columns repeated on each of its rows
 * (`key_fields` separated by ";"). Rows of one code make one catalog, wherever they are in
 * the file, and its columns must agree on every row; so the catalogs are sent once the file
 * is read. They are held parsed, not as text: a catalog file is small next to a resource.
 */
export async function* csvCatalogs(chunks: AsyncIterable<Buffer>, maxRecordBytes: number): FileItems<CatalogRow> {
  const unreadable: Unreadable[] = [];
  const catalogs = new Map<string, { row: CatalogRow; first: Record<string, string>; fields: unknown[] }>();
  const inconsistent = new Set<string>();
  try {
    let checked = false;
    for await (const { record, info } of csvRecordsOf(chunks, { relax_column_count: true }, maxRecordBytes) as AsyncIterable<CsvRecord>) {
      if (!checked) {
        const missing = csvColumns.filter((column) => !(column in record));
        if (missing.length > 0) {
          yield [{ line: 1, reason: `the header lacks the columns ${missing.join(', ')}` }];
          return;
        }
        checked = true;
      }
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
          keyFields: (record.key_fields ?? '')
            .split(';')
            .map((key) => key.trim())
            .filter(Boolean),
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
  } catch (error) {
    // A catalog is written whole or not at all: a file that stops being CSV writes none.
    yield [unreadableCsv(error, maxRecordBytes)];
    return;
  }
  // One inconsistent row rejects all of its catalog's rows.
  for (const code of inconsistent) {
    const entry = catalogs.get(code)!;
    unreadable.push({ line: entry.row.line, reason: `catalog ${code} is rejected: some of its rows disagree` });
    catalogs.delete(code);
  }
  yield [...unreadable, ...[...catalogs.values()].map((entry) => entry.row)];
}

/** CSV records of a data resource, the field names as header; sent as they are read. */
export async function* csvRecords(chunks: AsyncIterable<Buffer>, maxRecordBytes: number): FileItems<RecordRow> {
  try {
    for await (const { record, info } of csvRecordsOf(chunks, {}, maxRecordBytes) as AsyncIterable<CsvRecord>) yield [{ line: info.lines, values: record }];
  } catch (error) {
    const failure = unreadableCsv(error, maxRecordBytes);
    yield [{ ...failure, reason: `${failure.reason}; the rest of the file was not read` }];
  }
}

function csvRecordsOf(chunks: AsyncIterable<Buffer>, options: Options, maxRecordBytes: number): AsyncIterable<unknown> {
  const parser = parse({ columns: true, info: true, skip_empty_lines: true, trim: true, bom: true, max_record_size: maxRecordBytes, ...options });
  // An error of the upload (too large, too slow) reaches the parser's reader as it is.
  return pipeline(Readable.from(chunks), parser, () => undefined);
}

/** A line where the file stops being CSV; a record too long, or the upload's own errors, refuse the request. */
function unreadableCsv(error: unknown, maxRecordBytes: number): Unreadable {
  if (!(error instanceof CsvError)) throw error;
  const line = Number((error as { lines?: number }).lines ?? 1);
  if (error.code === 'CSV_MAX_RECORD_SIZE') throw rowTooLarge(line, maxRecordBytes);
  return { line, reason: `the file is not valid CSV: ${error.message}` };
}
