import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Demand, ListQuery } from '@igs/contracts';
import { pagedQuery, SqlFilter } from '@igs/platform';
import type { DataSource, EntityManager } from 'typeorm';

export interface DemandRow {
  id: string;
  catalog_id: string;
  catalog_code: string;
  consumer_department: string;
  consumer_app: string | null;
  provider_department: string;
  fields: string[];
  purpose: string;
  scenario: string;
  legal_basis: string;
  valid_from: string;
  valid_to: string;
  expected_daily_volume: number;
  status: Demand['status'];
  docking_id: string | null;
  created_at: Date;
}

export interface DemandTransitionRow {
  demand_id: string;
  status: Demand['status'];
  actor: string;
  at: Date;
  note: string | null;
}

/** What a consumer department asks for. */
export interface NewDemand {
  catalogId: string;
  consumerDepartment: string;
  consumerApp: string | null;
  providerDepartment: string;
  fields: string[];
  purpose: string;
  scenario: string;
  legalBasis: string;
  validFrom: string;
  validTo: string;
  expectedDailyVolume: number;
}

/** Queries on demand requests and their history. */
@Injectable()
export class DemandRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findDemand(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<DemandRow | undefined> {
    const [row]: DemandRow[] = await manager.query(`${demandSelect} WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`, [id]);
    return row;
  }

  history(demandIds: string[]): Promise<DemandTransitionRow[]> {
    return this.dataSource.query('SELECT demand_id, status, actor, at, note FROM exchange.demand_transitions WHERE demand_id = ANY($1::uuid[]) ORDER BY id', [
      demandIds,
    ]);
  }

  async insertPending(manager: EntityManager, demand: NewDemand): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO exchange.demands (catalog_id, consumer_department, consumer_app, provider_department, fields, purpose, scenario, legal_basis,
         valid_from, valid_to, expected_daily_volume, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending') RETURNING id`,
      [
        demand.catalogId,
        demand.consumerDepartment,
        demand.consumerApp,
        demand.providerDepartment,
        demand.fields,
        demand.purpose,
        demand.scenario,
        demand.legalBasis,
        demand.validFrom,
        demand.validTo,
        demand.expectedDailyVolume,
      ],
    );
    return id;
  }

  async setStatus(manager: EntityManager, id: string, status: Demand['status'], dockingId?: string): Promise<void> {
    await manager.query('UPDATE exchange.demands SET status = $2, docking_id = coalesce($3, docking_id) WHERE id = $1', [id, status, dockingId ?? null]);
  }

  async recordTransition(manager: EntityManager, demandId: string, status: Demand['status'], actor: string, note: string | null): Promise<void> {
    await manager.query('INSERT INTO exchange.demand_transitions (demand_id, status, actor, note) VALUES ($1, $2, $3, $4)', [demandId, status, actor, note]);
  }

  /** Rejects every pending demand on a catalog and records each transition, in one statement; the demands rejected. */
  rejectPendingOf(manager: EntityManager, catalogId: string, actor: string, note: string): Promise<{ id: string; consumer_department: string }[]> {
    return manager.query(
      `WITH rejected AS (
         UPDATE exchange.demands SET status = 'rejected' WHERE catalog_id = $1 AND status = 'pending' RETURNING id, consumer_department
       ), recorded AS (
         INSERT INTO exchange.demand_transitions (demand_id, status, actor, note) SELECT id, 'rejected', $2, $3 FROM rejected
       )
       SELECT id, consumer_department FROM rejected ORDER BY id`,
      [catalogId, actor, note],
    );
  }

  /** Demands of one department, as consumer or provider, or of every department when none is given. */
  listDemands(query: ListQuery, department: string | null) {
    const filter = new SqlFilter()
      .when(department, (p) => `(d.consumer_department = ${p} OR d.provider_department = ${p})`)
      .equals('c.code', query.catalog)
      .equals('d.status', query.status)
      .contains('c.code', query.q);
    return pagedQuery<DemandRow>(
      this.dataSource,
      `${demandSelect.replace('SELECT d.*', 'SELECT d.*, count(*) OVER () AS total')} ${filter.where} ORDER BY d.created_at DESC, d.id`,
      filter.params,
      query,
    );
  }
}

const demandSelect = `SELECT d.*, to_char(d.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(d.valid_to, 'YYYY-MM-DD') AS valid_to, c.code AS catalog_code
  FROM exchange.demands d JOIN exchange.catalogs c ON c.id = d.catalog_id`;
