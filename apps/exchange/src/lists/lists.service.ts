import { Injectable } from '@nestjs/common';
import { exchangeEvents, scopes, type Caller, type CreateNegativeBody, type DockingEntry, type ListQuery, type NegativeEntry } from '@igs/contracts';
import { AppError, requireDepartment, requireScope, UnitOfWork } from '@igs/platform';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { mapDocking, mapNegative, SharingRepository, type DockingRow, type NegativeRow } from './sharing.repository.js';

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
    private readonly sharing: SharingRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async listDocking(query: ListQuery, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const { rows, total } = await this.sharing.listDocking(query);
    return { entries: rows.map(mapDocking), total, page: query.page, size: query.size };
  }

  async getDocking(id: string, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const entry = await this.sharing.findDocking(id);
    if (!entry) throw new AppError('EXCHANGE.DOCKING_NOT_FOUND', `no docking entry ${id}`);
    return { ...mapDocking(entry), history: await this.sharing.dockingHistory(id) };
  }

  async listNegative(query: ListQuery, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const { rows, total } = await this.sharing.listNegative(query);
    return { entries: rows.map((row) => mapNegative(row)), total, page: query.page, size: query.size };
  }

  async listResponsibilities(query: ListQuery, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const { rows, total } = await this.sharing.listResponsibilities(query);
    return {
      entries: rows.map((row) => ({
        catalogCode: row.catalog_code,
        catalogName: row.catalog_name,
        departmentCode: row.department_code,
        fields: row.fields,
        legalBasis: row.legal_basis,
        createdAt: row.created_at.toISOString(),
      })),
      total,
      page: query.page,
      size: query.size,
    };
  }

  /** The provider suspends, resumes or revokes a docking entry; each change is announced. */
  async changeDocking(id: string, action: keyof typeof dockingTransitions, reason: string, caller: Caller): Promise<DockingEntry> {
    requireScope(caller, scopes.exchangeApprove);
    return this.uow.run(async (tx) => {
      const entry = await this.sharing.findDocking(id, tx.manager, true);
      if (!entry) throw new AppError('EXCHANGE.DOCKING_NOT_FOUND', `no docking entry ${id}`);
      requireDepartment(caller, entry.provider_department, `docking entry ${id}`);
      const transition = dockingTransitions[action];
      if (!(transition.from as readonly string[]).includes(entry.status)) throw new AppError('EXCHANGE.INVALID_TRANSITION', `docking entry ${id} is ${entry.status} and cannot be ${action}d`);
      await tx.manager.query('UPDATE exchange.docking_entries SET status = $2, status_reason = $3, updated_at = now() WHERE id = $1', [id, transition.to, reason]);
      await this.sharing.recordDockingTransition(tx.manager, id, transition.to, caller.subject, reason);
      const changed = mapDocking((await this.sharing.findDocking(id, tx.manager))!);
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
        if (!fields.some((f) => f.name === body.field)) throw new AppError('EXCHANGE.FIELD_NOT_IN_CATALOG', `catalog ${catalog.code} has no field ${body.field}`);
      }
      const inserted: NegativeRow[] = await tx.manager.query(
        `INSERT INTO exchange.negative_entries (catalog_id, field, legal_basis, set_by_department, set_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING *, $6::text AS catalog_code`,
        [catalog.id, body.field, body.legalBasis, caller.departmentCode ?? 'PLATFORM', caller.subject, catalog.code],
      );
      if (inserted.length === 0) throw new AppError('EXCHANGE.NEGATIVE_EXISTS', `${body.field ? `field ${body.field} of ` : ''}catalog ${catalog.code} is already on the negative list`);
      const [revoked]: [DockingRow[], number] = await tx.manager.query(
        `UPDATE exchange.docking_entries SET status = 'revoked', status_reason = $3, updated_at = now()
         WHERE catalog_id = $1 AND status <> 'revoked' AND ($2::text IS NULL OR $2 = ANY(fields)) RETURNING id`,
        [catalog.id, body.field, `negative list: ${body.legalBasis}`],
      );
      for (const { id } of revoked) {
        await this.sharing.recordDockingTransition(tx.manager, id, 'revoked', caller.subject, `negative list: ${body.legalBasis}`);
        await tx.publish(exchangeEvents.dockingRevoked, mapDocking((await this.sharing.findDocking(id, tx.manager))!), caller);
      }
      const entry = mapNegative(inserted[0], revoked.length);
      await tx.publish(exchangeEvents.negativeAdded, entry, caller);
      return entry;
    });
  }
}
