import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type AppLogger } from '@igs/platform';
import { EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';
import { ResourceTokens } from './resource-tokens.js';
import { prepareRows, type Preparation, type PreparationInput } from './row-preparation.js';

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (result: Preparation) => void; reject: (error: Error) => void }>;
}

/**
 * Worker threads that prepare load batches. Tokenising and sealing a million rows is
 * CPU-bound; on the exchange's own thread it held a load to one core and made data calls
 * wait behind it. With no workers configured (RESOURCE_WORKERS=0) batches are prepared inline.
 */
@Injectable()
export class RowPreparers implements OnApplicationShutdown {
  private readonly slots: Slot[] = [];
  private readonly inFlight = new Set<Promise<Preparation>>();
  private sequence = 0;
  private stopping = false;

  constructor(
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    private readonly tokens: ResourceTokens,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  prepare(input: PreparationInput): Promise<Preparation> {
    // The workers start with the first load, not with the service: most replicas never load.
    if (this.slots.length === 0) {
      // One per core: the main thread of a loading replica mostly waits (for the workers and
      // PostgreSQL), so keeping a core for it left the workers the bottleneck. On two cores a
      // million rows took 66.6-71.5 s with one worker and 56.5-62.3 s with two. Node 24's
      // availableParallelism counts a container's CPU limit (libuv reads the cgroup quota).
      const count = this.config.RESOURCE_WORKERS ?? Math.min(4, availableParallelism());
      for (let i = 0; i < count; i += 1) this.slots.push(this.start());
    }
    if (this.slots.length === 0) return Promise.resolve().then(() => prepareRows(input, this.tokens, this.config));
    const slot = this.slots.reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least));
    const id = ++this.sequence;
    const prepared = new Promise<Preparation>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, input });
    });
    this.inFlight.add(prepared);
    void prepared.catch(() => undefined).finally(() => this.inFlight.delete(prepared));
    return prepared;
  }

  /** Lets the batches being prepared finish, then stops the workers. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inFlight]);
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private start(): Slot {
    const worker = new Worker(join(__dirname, 'row-preparation.worker.js'), { workerData: this.config });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', ({ id, result, error }: { id: number; result?: Preparation; error?: string }) => {
      const entry = slot.pending.get(id);
      slot.pending.delete(id);
      if (error !== undefined) entry?.reject(new Error(error));
      else entry?.resolve(result!);
    });
    // A worker that dies fails the batches it held (the load reports them) and is replaced.
    worker.on('error', (error) => this.logger.error({ err: error }, 'row preparation worker failed'));
    worker.on('exit', (code) => {
      for (const entry of slot.pending.values()) entry.reject(new Error(`the row preparation worker stopped (exit code ${code})`));
      slot.pending.clear();
      if (this.stopping) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.start();
    });
    return slot;
  }
}
