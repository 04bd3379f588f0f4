import type { Pool } from 'pg';

/** A column of envelopes (`v1.<alg>.<kekId>.<wrapped key>.<ciphertext>`), and what each is bound to. */
export interface EnvelopeColumn {
  /** Schema-qualified table, e.g. `identity.persons`. */
  table: string;
  /** Its primary key column (one column). */
  key: string;
  column: string;
  /** The associated data of the envelope in the row with this key. */
  associatedData(key: string): string;
}

export interface RewrapProgress {
  column: string;
  rewrapped: number;
}

const batchSize = 500;
const identifier = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * Re-wraps every envelope of the columns that is not yet under the current KEK, a batch of
 * rows per transaction: a run stopped half-way (or failing on a row) keeps what it committed,
 * and running it again goes on where it stopped; once nothing is left it changes nothing.
 * `rewrap` gives an envelope back under the current KEK, or throws (naming the KEK it cannot
 * open), which stops the run: nothing is skipped silently.
 */
export async function rewrapEnvelopes(
  pool: Pool,
  columns: EnvelopeColumn[],
  currentKekId: string,
  rewrap: (envelope: string, associatedData: string) => string,
  onBatch: (progress: RewrapProgress) => void = () => undefined,
): Promise<RewrapProgress[]> {
  const done: RewrapProgress[] = [];
  for (const target of columns) {
    for (const name of [target.table, target.key, target.column]) if (!identifier.test(name)) throw new Error(`not an identifier: ${name}`);
    const progress = { column: `${target.table}.${target.column}`, rewrapped: 0 };
    for (;;) {
      const client = await pool.connect();
      let count: number;
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ key: string; envelope: string }>(
          `SELECT ${target.key}::text AS key, ${target.column} AS envelope FROM ${target.table}
           WHERE ${target.column} IS NOT NULL AND split_part(${target.column}, '.', 3) <> $1
           ORDER BY ${target.key} LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [currentKekId, batchSize],
        );
        const rewrapped = rows.map((row) => {
          try {
            return rewrap(row.envelope, target.associatedData(row.key));
          } catch (error) {
            throw new Error(`${target.table}.${target.column} of ${target.key} ${row.key}: ${(error as Error).message}`, { cause: error });
          }
        });
        await client.query(
          `UPDATE ${target.table} AS t SET ${target.column} = u.envelope FROM unnest($1::text[], $2::text[]) AS u(key, envelope) WHERE t.${target.key}::text = u.key`,
          [rows.map((row) => row.key), rewrapped],
        );
        await client.query('COMMIT');
        count = rows.length;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      if (count === 0) break;
      progress.rewrapped += count;
      onBatch({ ...progress });
    }
    done.push(progress);
  }
  return done;
}
