import { Injectable } from '@nestjs/common';
import {
  itemEvents,
  type Caller,
  type CreateItemBody,
  type Item,
  type ItemPage,
  type ItemSearchQuery,
  type ItemSpec,
  type UpdateItemBody,
} from '@igs/contracts';
import { AppError, requireDepartment, requireScope, UnitOfWork, type Transaction } from '@igs/platform';
import { QueryFailedError } from 'typeorm';
import { ItemVersion } from './item-version.entity.js';
import { mapItem } from './item.mapper.js';
import { ItemRepository } from './item.repository.js';
import { PublishedItemCache } from './published-item.cache.js';
import { checkItemSpec, specOf } from './item.rules.js';

const schema = 'item';

/** The item library's rules: drafts, immutable published versions, withdrawal. */
@Injectable()
export class ItemService {
  constructor(
    private readonly items: ItemRepository,
    private readonly uow: UnitOfWork,
    private readonly published: PublishedItemCache,
  ) {}

  async create(body: CreateItemBody, caller: Caller, idempotencyKey?: string): Promise<Item> {
    const { code, ...spec } = body;
    mayEdit(caller, spec.departmentCode, code);
    checkItemSpec(spec);
    return this.uow
      .run((tx) =>
        tx.idempotent(schema, caller.subject, idempotencyKey, body, async () => {
          if (await tx.manager.existsBy(ItemVersion, { code })) throw alreadyExists(code);
          return mapItem(await tx.manager.save(tx.manager.create(ItemVersion, newDraft(code, 1, spec, caller))));
        }),
      )
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? alreadyExists(code) : error;
      });
  }

  /** Edits the draft in place, or starts the next draft version from a published or withdrawn head. */
  async update(code: string, changes: UpdateItemBody, caller: Caller): Promise<Item> {
    const { revision, ...edits } = changes;
    return this.uow
      .run(async (tx) => {
        const head = await this.requireHead(tx, code);
        mayEdit(caller, head.departmentCode, code);
        if (head.revision !== revision) throw stale(code, head);
        const spec = { ...specOf(head), ...edits };
        mayEdit(caller, spec.departmentCode, code);
        checkItemSpec(spec);
        const now = new Date();
        if (head.status === 'draft') {
          const result = await tx.manager.update(
            ItemVersion,
            { id: head.id, revision },
            { ...spec, revision: revision + 1, updatedBy: caller.subject, updatedAt: now },
          );
          if (result.affected !== 1) throw stale(code, head);
          return mapItem({ ...head, ...spec, revision: revision + 1, updatedBy: caller.subject, updatedAt: now });
        }
        return mapItem(await tx.manager.save(tx.manager.create(ItemVersion, newDraft(code, head.version + 1, spec, caller))));
      })
      .catch((error: unknown) => {
        // Two editors starting the next version at once: the second lost the race.
        throw isUniqueViolation(error) ? new AppError('ITEM.STALE_REVISION', `item ${code} was changed by someone else; read it again`) : error;
      });
  }

  async publish(code: string, revision: number, caller: Caller): Promise<Item> {
    const item = await this.uow.run(async (tx) => {
      const head = await this.requireHead(tx, code);
      mayEdit(caller, head.departmentCode, code);
      if (head.status === 'published') throw new AppError('ITEM.ALREADY_PUBLISHED', `item ${code} version ${head.version} is already published`);
      if (head.status === 'withdrawn') throw new AppError('ITEM.WITHDRAWN', `item ${code} is withdrawn; edit it to start a new draft`);
      if (head.revision !== revision) throw stale(code, head);
      const now = new Date();
      const published: ItemVersion = { ...head, status: 'published', revision: revision + 1, publishedAt: now, updatedAt: now, updatedBy: caller.subject };
      await tx.manager.update(
        ItemVersion,
        { id: head.id },
        { status: 'published', revision: published.revision, publishedAt: now, updatedAt: now, updatedBy: caller.subject },
      );
      const item = mapItem(published);
      await tx.publish(itemEvents.published, item, caller);
      return item;
    });
    this.published.invalidate(code);
    return item;
  }

  /** Withdraws the item: every published version stops being served. A pending draft stays. */
  async withdraw(code: string, reason: string, caller: Caller): Promise<Item> {
    const item = await this.uow.run(async (tx) => {
      const head = await this.requireHead(tx, code);
      mayEdit(caller, head.departmentCode, code);
      const versions = await tx.manager.find(ItemVersion, { where: { code }, order: { version: 'DESC' } });
      const published = versions.filter((v) => v.status === 'published');
      if (published.length === 0) {
        if (versions.some((v) => v.status === 'withdrawn')) throw new AppError('ITEM.WITHDRAWN', `item ${code} is already withdrawn`);
        throw new AppError('ITEM.NOT_PUBLISHED', `item ${code} has never been published`);
      }
      const now = new Date();
      for (const version of published) {
        await tx.manager.update(
          ItemVersion,
          { id: version.id },
          { status: 'withdrawn', revision: version.revision + 1, withdrawnAt: now, withdrawReason: reason, updatedAt: now, updatedBy: caller.subject },
        );
      }
      const latest = published[0];
      const withdrawn: ItemVersion = {
        ...latest,
        status: 'withdrawn',
        revision: latest.revision + 1,
        withdrawnAt: now,
        withdrawReason: reason,
        updatedAt: now,
        updatedBy: caller.subject,
      };
      await tx.publish(itemEvents.withdrawn, { code, version: latest.version, reason, withdrawnAt: now.toISOString() }, caller);
      return mapItem(withdrawn);
    });
    this.published.invalidate(code);
    return item;
  }

  async get(code: string, version?: number): Promise<Item> {
    if (version !== undefined) {
      const row = await this.items.findVersion(code, version);
      if (row) return mapItem(row);
      if (await this.items.exists(code)) throw new AppError('ITEM.VERSION_NOT_FOUND', `item ${code} has no version ${version}`);
      throw notFound(code);
    }
    const cached = this.published.get(code);
    if (cached) return cached;
    const generation = this.published.generation(code);
    const row = await this.items.findLatestPublished(code);
    if (!row) throw notFound(code, (await this.items.exists(code)) ? 'has no published version' : undefined);
    const item = mapItem(row);
    this.published.set(code, item, generation);
    return item;
  }

  async search(query: ItemSearchQuery): Promise<ItemPage> {
    const { rows, total } = await this.items.search(query);
    return { items: rows.map(mapItem), total, page: query.page, size: query.size };
  }

  private async requireHead(tx: Transaction, code: string): Promise<ItemVersion> {
    const head = await this.items.lockHead(tx.manager, code);
    if (!head) throw notFound(code);
    return head;
  }
}

/** Editing needs the write scope (the item editor role) and the item's own department. */
function mayEdit(caller: Caller, departmentCode: string, code: string): void {
  requireScope(caller, 'items:write');
  requireDepartment(caller, departmentCode, `item ${code}`);
}

function newDraft(code: string, version: number, spec: ItemSpec, caller: Caller): Omit<ItemVersion, 'id'> {
  const now = new Date();
  return {
    ...spec,
    code,
    version,
    revision: 0,
    status: 'draft',
    withdrawReason: null,
    createdBy: caller.subject,
    updatedBy: caller.subject,
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
    withdrawnAt: null,
  };
}

function notFound(code: string, why = 'does not exist'): AppError {
  return new AppError('ITEM.NOT_FOUND', `item ${code} ${why}`);
}

function alreadyExists(code: string): AppError {
  return new AppError('ITEM.ALREADY_EXISTS', `an item with code ${code} already exists`);
}

function stale(code: string, head: ItemVersion): AppError {
  return new AppError('ITEM.STALE_REVISION', `item ${code} version ${head.version} is at revision ${head.revision}; read it again before changing it`, {
    version: head.version,
    revision: head.revision,
  });
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}
