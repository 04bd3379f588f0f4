import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { itemEvents, type Item } from '@igs/contracts';
import { MessageBus } from '@igs/platform';

const ttlMs = 10_000;
const maxEntries = 20_000;

/**
 * The latest published version of items, per replica. Published versions are immutable;
 * only which version is latest changes, on publication or withdrawal. Those events reach
 * every replica (milliseconds after commit), and the replica that made the change drops
 * its entry before answering. The TTL bounds staleness should an event be missed while
 * NATS is unreachable.
 */
@Injectable()
export class PublishedItemCache implements OnApplicationBootstrap {
  private readonly entries = new Map<string, { item: Item; expiresAt: number }>();
  /** Bumped on every invalidation, so a read that raced with one does not store a stale item. */
  private readonly generations = new Map<string, number>();

  constructor(private readonly bus: MessageBus) {}

  onApplicationBootstrap(): void {
    this.bus.broadcast(itemEvents.published, ({ code }) => this.invalidate(code));
    this.bus.broadcast(itemEvents.withdrawn, ({ code }) => this.invalidate(code));
  }

  get(code: string): Item | undefined {
    const entry = this.entries.get(code);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.item;
    this.entries.delete(code);
    return undefined;
  }

  /** Call before reading the database; pass the token to `set`. */
  generation(code: string): number {
    return this.generations.get(code) ?? 0;
  }

  set(code: string, item: Item, generation: number): void {
    if (this.generation(code) !== generation) return;
    if (this.entries.size >= maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(code, { item, expiresAt: Date.now() + ttlMs });
  }

  invalidate(code: string): void {
    this.entries.delete(code);
    this.generations.set(code, this.generation(code) + 1);
  }
}
