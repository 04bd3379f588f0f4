import { Inject, Injectable } from '@nestjs/common';
import {
  exchangeEvents,
  identityRequests,
  scopes,
  systemCaller,
  type ApproveDemandBody,
  type Caller,
  type CreateDemandBody,
  type Demand,
  type ListQuery,
} from '@igs/contracts';
import { AppError, canActFor, LocalCalendar, MessageBus, platformDepartment, RemoteError, requireScope, UnitOfWork, type Transaction } from '@igs/platform';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';
import { mapDocking } from '../lists/lists.mapper.js';
import { ListsRepository } from '../lists/lists.repository.js';
import { mapDemand, mapDemandEvent } from './demand.mapper.js';
import { DemandRepository, type DemandRow, type DemandTransitionRow } from './demand.repository.js';
import { CalendarCopy } from './calendar-copy.js';
import { workingDaysSince } from './working-days.js';

/**
 * Demand requests: a consumer department asks, the provider's approver decides, and an
 * approval creates the docking entry in the same transaction. Only the two departments
 * (and the platform's operators) see a demand.
 */
@Injectable()
export class DemandService {
  constructor(
    private readonly catalogs: CatalogRepository,
    private readonly demands: DemandRepository,
    private readonly lists: ListsRepository,
    private readonly uow: UnitOfWork,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    private readonly calendar: LocalCalendar,
    private readonly workingCalendar: CalendarCopy,
    private readonly bus: MessageBus,
  ) {}

  async create(body: CreateDemandBody, caller: Caller): Promise<Demand> {
    requireScope(caller, scopes.exchangeRead);
    const consumer = departmentOf(caller);
    // Asked before the transaction, so no connection waits on the identity service.
    if (body.consumerApp !== null) await this.requireAppOf(body.consumerApp, consumer);
    const id = await this.uow.run(async (tx) => {
      const catalog = await this.catalogs.findByCode(body.catalogCode, tx.manager);
      if (!catalog) throw new AppError('EXCHANGE.CATALOG_NOT_FOUND', `no catalog ${body.catalogCode}`);
      if (catalog.status !== 'published') throw new AppError('EXCHANGE.NOT_PUBLISHED', `catalog ${catalog.code} is ${catalog.status}`);
      if (catalog.share_type === 'not_shareable') throw new AppError('EXCHANGE.NOT_SHAREABLE', `catalog ${catalog.code} may not be shared`);
      const fields = (await this.catalogs.fieldsOf([catalog.id], tx.manager)).get(catalog.id) ?? [];
      const unknown = body.fields.filter((name) => !fields.some((f) => f.name === name));
      if (unknown.length > 0)
        throw new AppError('EXCHANGE.FIELD_NOT_IN_CATALOG', `catalog ${catalog.code} has no field ${unknown.join(', ')}`, { fields: unknown });
      const never = fields.filter((f) => body.fields.includes(f.name) && f.policy === 'never').map((f) => f.name);
      if (never.length > 0) throw new AppError('EXCHANGE.NOT_SHAREABLE', `fields ${never.join(', ')} are never shared`, { fields: never });
      await this.refuseNegative(tx, catalog.id, body.fields);
      const demandId = await this.demands.insertPending(tx.manager, {
        catalogId: catalog.id,
        consumerDepartment: consumer,
        consumerApp: body.consumerApp,
        providerDepartment: catalog.provider_department,
        fields: body.fields,
        purpose: body.purpose,
        scenario: body.scenario,
        legalBasis: body.legalBasis,
        validFrom: body.validFrom,
        validTo: body.validTo,
        expectedDailyVolume: body.expectedDailyVolume,
      });
      await this.demands.recordTransition(tx.manager, demandId, 'pending', caller.subject, null);
      await tx.publish(
        exchangeEvents.demandRequested,
        { id: demandId, catalogCode: catalog.code, consumerDepartment: consumer, providerDepartment: catalog.provider_department },
        caller,
      );
      return demandId;
    });
    return this.load(id);
  }

  /**
   * A demand for one app must name an app of the asking department: the docking entry it
   * becomes lets that app call, and the app of another department must not be given it.
   * An app that does not exist is answered the same, so the check reveals no other app.
   */
  private async requireAppOf(clientId: string, department: string): Promise<void> {
    const owner = await this.bus.request(identityRequests.lookupApp, { clientId }, systemCaller('exchange')).catch((error: unknown) => {
      if (error instanceof RemoteError && error.hasCode('IDENTITY.APP_NOT_FOUND')) return undefined;
      throw error;
    });
    if (owner?.departmentCode !== department)
      throw new AppError('EXCHANGE.APP_NOT_OF_DEPARTMENT', `${clientId} is not an app of department ${department}`, { consumerApp: clientId });
  }

  async get(id: string, caller: Caller): Promise<Demand> {
    requireScope(caller, scopes.exchangeRead);
    const row = await this.demands.findDemand(id);
    if (!row || !sees(caller, row)) throw notFound(id);
    return this.map([row]).then(([demand]) => demand);
  }

  async list(query: ListQuery, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const department = departmentOf(caller);
    const { rows, total } = await this.demands.listDemands(query, department === platformDepartment ? null : department);
    return { demands: await this.map(rows), total, page: query.page, size: query.size };
  }

  async approve(id: string, body: ApproveDemandBody, caller: Caller): Promise<Demand> {
    requireScope(caller, scopes.exchangeApprove);
    await this.uow.run(async (tx) => {
      const demand = await this.pendingForProvider(tx, id, caller);
      const extra = body.fields.filter((field) => !demand.fields.includes(field));
      if (extra.length > 0) throw new AppError('EXCHANGE.FIELD_NOT_REQUESTED', `fields ${extra.join(', ')} were not requested`, { fields: extra });
      const validFrom = body.validFrom ?? demand.valid_from;
      const validTo = body.validTo ?? demand.valid_to;
      if (validFrom < demand.valid_from || validTo > demand.valid_to || validFrom > validTo) {
        throw new AppError('EXCHANGE.VALIDITY_EXTENDED', `the approval must lie within ${demand.valid_from} to ${demand.valid_to}`);
      }
      await this.refuseNegative(tx, demand.catalog_id, body.fields);
      const catalog = await this.catalogs.findByCode(demand.catalog_code, tx.manager);
      if (catalog?.status !== 'published' || catalog.share_type === 'not_shareable')
        throw new AppError('EXCHANGE.NOT_SHAREABLE', `catalog ${demand.catalog_code} may not be shared now`);
      const dockingId = await this.lists.insertDocking(tx.manager, {
        demandId: demand.id,
        catalogId: demand.catalog_id,
        consumerDepartment: demand.consumer_department,
        consumerApp: demand.consumer_app,
        providerDepartment: demand.provider_department,
        fields: body.fields,
        purpose: demand.purpose,
        legalBasis: demand.legal_basis,
        validFrom,
        validTo,
        dailyQuota: body.dailyQuota,
      });
      await this.demands.setStatus(tx.manager, demand.id, 'approved', dockingId);
      await this.lists.recordDockingTransition(tx.manager, dockingId, 'active', caller.subject, body.note ?? null);
      await this.demands.recordTransition(tx.manager, demand.id, 'approved', caller.subject, body.note ?? null);
      await tx.publish(exchangeEvents.demandApproved, mapDemandEvent(demand), caller);
      await tx.publish(exchangeEvents.dockingApproved, mapDocking((await this.lists.findDocking(dockingId, tx.manager))!), caller);
    });
    return this.load(id);
  }

  async reject(id: string, reason: string, caller: Caller): Promise<Demand> {
    requireScope(caller, scopes.exchangeApprove);
    return this.close(id, 'rejected', reason, caller, (tx) => this.pendingForProvider(tx, id, caller));
  }

  async withdraw(id: string, reason: string, caller: Caller): Promise<Demand> {
    requireScope(caller, scopes.exchangeRead);
    return this.close(id, 'withdrawn', reason, caller, async (tx) => {
      const demand = await this.demands.findDemand(id, tx.manager, true);
      if (!demand || !sees(caller, demand)) throw notFound(id);
      if (demand.consumer_department !== departmentOf(caller)) throw new AppError('AUTH.FORBIDDEN', 'only the asking department may withdraw its demand');
      if (demand.status !== 'pending') throw invalid(demand, 'withdrawn');
      return demand;
    });
  }

  private async close(id: string, status: 'rejected' | 'withdrawn', reason: string, caller: Caller, find: (tx: Transaction) => Promise<DemandRow>) {
    await this.uow.run(async (tx) => {
      const demand = await find(tx);
      await this.demands.setStatus(tx.manager, demand.id, status);
      await this.demands.recordTransition(tx.manager, demand.id, status, caller.subject, reason);
      await tx.publish(status === 'rejected' ? exchangeEvents.demandRejected : exchangeEvents.demandWithdrawn, mapDemandEvent(demand), caller);
    });
    return this.load(id);
  }

  private async pendingForProvider(tx: Transaction, id: string, caller: Caller): Promise<DemandRow> {
    const demand = await this.demands.findDemand(id, tx.manager, true);
    // Only a caller of one of the two departments, or of the platform, sees the demand.
    if (!demand || !sees(caller, demand)) throw notFound(id);
    if (!canActFor(caller, demand.provider_department)) {
      throw new AppError('AUTH.FORBIDDEN', `only ${demand.provider_department}, which provides catalog ${demand.catalog_code}, may decide this demand`);
    }
    if (demand.status !== 'pending') throw invalid(demand, 'decided');
    return demand;
  }

  private async refuseNegative(tx: Transaction, catalogId: string, fields: string[]): Promise<void> {
    const hits = await this.lists.negativeHits(tx.manager, catalogId, fields);
    if (hits.length > 0) {
      const what = hits.includes(null) ? 'the catalog' : `fields ${hits.join(', ')}`;
      throw new AppError('EXCHANGE.NEGATIVE_LIST', `${what} may not be shared (negative list)`, { fields: hits.filter(Boolean) });
    }
  }

  private async load(id: string): Promise<Demand> {
    const row = await this.demands.findDemand(id);
    if (!row) throw notFound(id);
    return (await this.map([row]))[0];
  }

  private async map(rows: DemandRow[]): Promise<Demand[]> {
    const history = new Map<string, DemandTransitionRow[]>();
    for (const transition of await this.demands.history(rows.map((row) => row.id)))
      history.set(transition.demand_id, [...(history.get(transition.demand_id) ?? []), transition]);
    const working = this.workingCalendar.current();
    const overdue = (row: DemandRow) =>
      row.status === 'pending' && workingDaysSince(row.created_at, this.calendar, working) > this.config.DEMAND_DUE_WORKING_DAYS;
    return rows.map((row) => mapDemand(row, history.get(row.id) ?? [], overdue(row)));
  }
}

function departmentOf(caller: Caller): string {
  if (!caller.departmentCode) throw new AppError('AUTH.FORBIDDEN', 'demands are made and decided by departments');
  return caller.departmentCode;
}

function sees(caller: Caller, demand: DemandRow): boolean {
  return [demand.consumer_department, demand.provider_department, platformDepartment].includes(caller.departmentCode ?? '');
}

function notFound(id: string): AppError {
  return new AppError('EXCHANGE.DEMAND_NOT_FOUND', `no demand ${id} the caller may see`);
}

function invalid(demand: DemandRow, to: string): AppError {
  return new AppError('EXCHANGE.INVALID_TRANSITION', `demand ${demand.id} is ${demand.status} and cannot be ${to}`);
}
