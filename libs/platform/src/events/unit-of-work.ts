import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Caller, EventDefinition, EventEnvelope } from '@igs/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { traceparentOf } from '../telemetry/nats-propagation.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { OutboxRelay } from './outbox-relay.js';

/** A database transaction that may also record events, published once it commits. */
export class Transaction {
  private recorded = 0;

  constructor(readonly manager: EntityManager) {}

  async publish<D extends z.ZodType>(event: EventDefinition<D>, data: z.input<D>, actor: Caller): Promise<EventEnvelope<z.output<D>>> {
    const envelope: EventEnvelope<z.output<D>> = {
      id: randomUUID(),
      type: event.type,
      occurredAt: new Date().toISOString(),
      actor,
      data: event.data.parse(data),
    };
    await this.manager.insert(OutboxMessage, {
      id: envelope.id,
      subject: event.subject,
      payload: envelope,
      headers: traceparentOf(),
    });
    this.recorded += 1;
    return envelope;
  }

  /**
   * Runs `work` once per (owner, key): a retry with the same request gets the first answer,
   * a reuse of the key for another request is refused. Claiming the key first makes a
   * concurrent retry wait for the first one's commit instead of doing the work twice.
   */
  async idempotent<T>(schema: string, owner: string, key: string | undefined, request: unknown, work: () => Promise<T>): Promise<T> {
    if (key === undefined) return work();
    const table = `"${schema}".idempotency_keys`;
    const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const claimed: unknown[] = await this.manager.query(
      `INSERT INTO ${table} (owner, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
      [owner, key, hash],
    );
    if (claimed.length === 0) {
      const [previous]: { request_hash: string; response: T }[] = await this.manager.query(
        `SELECT request_hash, response FROM ${table} WHERE owner = $1 AND key = $2`,
        [owner, key],
      );
      if (previous.request_hash !== hash) {
        throw new AppError('PLATFORM.IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
      }
      return previous.response;
    }
    const response = await work();
    await this.manager.query(`UPDATE ${table} SET response = $3 WHERE owner = $1 AND key = $2`, [owner, key, JSON.stringify(response)]);
    return response;
  }

  get hasEvents(): boolean {
    return this.recorded > 0;
  }
}

@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let tx: Transaction | undefined;
    const result = await this.dataSource.transaction(async (manager) => {
      tx = new Transaction(manager);
      return work(tx);
    });
    if (tx?.hasEvents) this.relay.kick();
    return result;
  }
}
