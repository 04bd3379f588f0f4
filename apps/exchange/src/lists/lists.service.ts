import { Injectable } from '@nestjs/common';
import { exchangeEvents, scopes, type Caller, type CreateNegativeBody, type DockingEntry, type ListQuery, type NegativeEntry } from '@igs/contracts';
import { AppError, platformDepartment, requireDepartment, requireScope, UnitOfWork } from '@igs/platform';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { mapDocking, mapDockingTransition, mapNegative, mapResponsibility } from './lists.mapper.js';
import { ListsRepository } from './lists.repository.js';

const dockingTransitions = {
  suspend: { from: ['active'], to: 'suspended', event: exchangeEvents.dockingSuspended },
  resume: { from: ['suspended'], to: 'active', event: exchangeEvents.dockingResumed },
  revoke: { from: ['active', 'suspended'], to: 'revoked', event: exchangeEvents.dockingRevoked },
} as const satisfies Record<string, { from: readonly DockingEntry['status'][]; to: DockingEntry['status']; event: unknown }>;

/** The three lists: responsibility, negative, and supply-demand docking. */
@Injectable()
export class ListsService {
  constructor(
    private readonly catalogs: CatalogRepository,
    private readonly lists: ListsRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async listDocking(query: ListQuery, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const { rows, total } = await this.lists.listDocking(query);
    return { entries: rows.map(mapDocking), total, page: query.page, size: query.size };
  }

  async getDocking(id: string, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const entry = await this.lists.findDocking(id);
    if (!entry) throw new AppError('EXCHANGE.DOCKING_NOT_FOUND', `no docking entry ${id}`);
    return { ...mapDocking(entry), history: (await this.lists.dockingHistory(id)).map(mapDockingTransition) };
  }

  async listNegative(query: ListQuery, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const { rows, total } = await this.lists.listNegative(query);
    return { entries: rows.map((row) => mapNegative(row)), total, page: query.page, size: query.size };
  }

  async listResponsibilities(query: ListQuery, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const { rows, total } = await this.lists.listResponsibilities(query);
    return { entries: rows.map(mapResponsibility), total, page: query.page, size: query.size };
  }

  /** The provider suspends, resumes or revokes a docking entry; each change is announced. */
  async changeDocking(id: string, action: keyof typeof dockingTransitions, reason: string, caller: Caller): Promise<DockingEntry> {
    requireScope(caller, scopes.exchangeApprove);
    return this.uow.run(async (tx) => {
      const entry = await this.lists.findDocking(id, tx.manager, true);
      if (!entry) throw new AppError('EXCHANGE.DOCKING_NOT_FOUND', `no docking entry ${id}`);
      requireDepartment(caller, entry.provider_department, `docking entry ${id}`);
      const transition = dockingTransitions[action];
      if (!(transition.from as readonly string[]).includes(entry.status))
        throw new AppError('EXCHANGE.INVALID_TRANSITION', `docking entry ${id} is ${entry.status} and cannot be ${action}d`);
      const changed = mapDocking(await this.lists.changeDockingStatus(tx.manager, id, transition.to, caller.subject, reason));
      await tx.publish(transition.event, changed, caller);
      return changed;
    });
  }

  /**
   * Puts a catalog or one field on the negative list. Approvals that cover it are revoked
   * in the same transaction, so nothing on the list stays approved.
   */
  async addNegative(body: CreateNegativeBody, caller: Caller): Promise<NegativeEntry> {
    requireScope(caller, scopes.exchangeApprove);
    return this.uow.run(async (tx) => {
      const catalog = await this.catalogs.findByCode(body.catalogCode, tx.manager, true);
      if (!catalog) throw new AppError('EXCHANGE.CATALOG_NOT_FOUND', `no catalog ${body.catalogCode}`);
      requireDepartment(caller, catalog.provider_department, `catalog ${catalog.code}`);
      if (body.field) {
        const fields = (await this.catalogs.fieldsOf([catalog.id], tx.manager)).get(catalog.id) ?? [];
        if (!fields.some((f) => f.name === body.field))
          throw new AppError('EXCHANGE.FIELD_NOT_IN_CATALOG', `catalog ${catalog.code} has no field ${body.field}`);
      }
      const inserted = await this.lists.insertNegative(tx.manager, catalog, {
        field: body.field,
        legalBasis: body.legalBasis,
        setByDepartment: caller.departmentCode ?? platformDepartment,
        setBy: caller.subject,
      });
      if (!inserted)
        throw new AppError('EXCHANGE.NEGATIVE_EXISTS', `${body.field ? `field ${body.field} of ` : ''}catalog ${catalog.code} is already on the negative list`);
      const revoked = await this.lists.revokeDockings(tx.manager, catalog.id, body.field, caller.subject, `negative list: ${body.legalBasis}`);
      for (const docking of revoked) await tx.publish(exchangeEvents.dockingRevoked, mapDocking(docking), caller);
      const entry = mapNegative(inserted, revoked.length);
      await tx.publish(exchangeEvents.negativeAdded, entry, caller);
      return entry;
    });
  }
}
