import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataKey } from '@igs/crypto';
import type { DataSource } from 'typeorm';
import { dataKeks, EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';

/** Past this many load batches the cache starts again rather than grow without bound. */
const maxBatches = 10_000;

/**
 * The data keys of load batches, each read and unwrapped once: the sealed fields of every
 * row of a batch open with its key, and a call should not pay a query and an unwrap for it.
 */
@Injectable()
export class DataKeys {
  private readonly pending = new Map<string, Promise<DataKey>>();
  /** The keys already unwrapped, so that answering a call needs no promise. */
  private readonly opened = new Map<string, DataKey>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  /** The batch's key if it is already unwrapped; otherwise `get` reads it. */
  peek(batchId: string): DataKey | undefined {
    return this.opened.get(batchId);
  }

  get(batchId: string): Promise<DataKey> {
    let key = this.pending.get(batchId);
    if (!key) {
      if (this.pending.size > maxBatches) {
        this.pending.clear();
        this.opened.clear();
      }
      key = this.dataSource
        .query('SELECT data_key FROM exchange.resource_batches WHERE id = $1', [batchId])
        .then(([row]: { data_key: string }[]) => DataKey.unwrap(dataKeks(this.config), row.data_key, batchId));
      this.pending.set(batchId, key);
      // A key that failed to unwrap is read again by the next call rather than kept failing.
      const reading = key;
      reading.then(
        (opened) => this.opened.set(batchId, opened),
        () => this.pending.get(batchId) === reading && this.pending.delete(batchId),
      );
    }
    return key;
  }
}
