import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pgPoolOf } from '@igs/platform';
import type { DataSource } from 'typeorm';

export interface StoredRow {
  payload: { clear: Record<string, string | number | boolean | null>; tokens: Record<string, string>; sealed: Record<string, string> };
  batch_id: string;
  key_token: string;
}

interface Pending {
  catalogId: string;
  keyToken: string;
  resolve: (row: StoredRow | undefined) => void;
  reject: (error: unknown) => void;
}

const maxKeys = 500;

const readRows = {
  name: 'exchange-rows-by-key',
  text: `SELECT r.catalog_id, r.key_token, r.payload, r.batch_id FROM exchange.resource_rows r
    JOIN unnest($1::bigint[], $2::text[]) AS k(catalog_id, key_token) ON r.catalog_id = k.catalog_id AND r.key_token = k.key_token`,
};

/**
 * Reads resource rows for concurrent calls together: lookups made in the same turn of the
 * event loop go to PostgreSQL as one query, so under load a round trip serves many calls.
 */
@Injectable()
export class RowLoader {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  load(catalogId: string, keyToken: string): Promise<StoredRow | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ catalogId, keyToken, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (let start = 0; start < batch.length; start += maxKeys) void this.read(batch.slice(start, start + maxKeys));
  }

  private async read(batch: Pending[]): Promise<void> {
    try {
      const { rows } = await pgPoolOf(this.dataSource).query<StoredRow & { catalog_id: string }>({
        ...readRows,
        values: [batch.map((p) => p.catalogId), batch.map((p) => p.keyToken)],
      });
      const found = new Map(rows.map((row) => [`${row.catalog_id}:${row.key_token}`, row]));
      for (const item of batch) item.resolve(found.get(`${item.catalogId}:${item.keyToken}`));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
