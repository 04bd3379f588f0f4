import { Inject, Injectable } from '@nestjs/common';
import { DataKey } from '@igs/crypto';
import { dataKeks, EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';
import { ResourceRepository } from '../resources/resource.repository.js';

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
    private readonly resources: ResourceRepository,
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
      // The query runs on a miss only: a batch's key is read once for all of its rows' calls.
      key = this.resources.wrappedDataKey(batchId).then((wrapped) => {
        // A row's batch_id references its batch, so a missing batch is a broken database, not a caller's error.
        if (wrapped === undefined) throw new Error(`the load batch ${batchId} has no data key`);
        return DataKey.unwrap(dataKeks(this.config), wrapped, batchId);
      });
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
