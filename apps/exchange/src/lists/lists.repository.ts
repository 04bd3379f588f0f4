import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DockingEntry, ListQuery, NegativeEntry } from '@igs/contracts';
import { pagedQuery, SqlFilter } from '@igs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { mapDocking, mapNegative } from './lists.mapper.js';

export interface DockingRow {
  id: string;
  demand_id: string;
  catalog_code: string;
  consumer_department: string;
  consumer_app: string | null;
  provider_department: string;
  fields: string[];
  purpose: string;
  legal_basis: string;
  valid_from: string;
  valid_to: string;
  daily_quota: number;
  status: DockingEntry['status'];
  status_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DockingTransitionRow {
  status: DockingEntry['status'];
  actor: string;
  at: Date;
  note: string | null;
}

export interface NegativeRow {
  id: string;
  catalog_code: string;
  field: string | null;
  legal_basis: string;
  set_by_department: string;
  created_at: Date;
}

export interface ResponsibilityRow {
  catalog_code: string;
  catalog_name: string;
  department_code: string;
  fields: string[];
  legal_basis: string;
  created_at: Date;
}

/** What an approval writes into the docking list. */
export interface NewDocking {
  demandId: string;
  catalogId: string;
  consumerDepartment: string;
  consumerApp: string | null;
  providerDepartment: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  validFrom: string;
  validTo: string;
  dailyQuota: number;
}

/** Queries on the three lists: responsibility, negative, and supply-demand docking. */
@Injectable()
export class ListsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findDocking(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<DockingRow | undefined> {
    const [row]: DockingRow[] = await manager.query(`${dockingSelect} WHERE e.id = $1${lock ? ' FOR UPDATE OF e' : ''}`, [id]);
    return row;
  }

  dockingHistory(dockingId: string): Promise<DockingTransitionRow[]> {
    return this.dataSource.query('SELECT status, actor, at, note FROM exchange.docking_transitions WHERE docking_id = $1 ORDER BY id', [dockingId]);
  }

  async insertDocking(manager: EntityManager, docking: NewDocking): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO exchange.docking_entries (demand_id, catalog_id, consumer_department, consumer_app, provider_department, fields, purpose, legal_basis,
         valid_from, valid_to, daily_quota, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active') RETURNING id`,
      [
        docking.demandId,
        docking.catalogId,
        docking.consumerDepartment,
        docking.consumerApp,
        docking.providerDepartment,
        docking.fields,
        docking.purpose,
        docking.legalBasis,
        docking.validFrom,
        docking.validTo,
        docking.dailyQuota,
      ],
    );
    return id;
  }

  async recordDockingTransition(manager: EntityManager, dockingId: string, status: DockingEntry['status'], actor: string, note: string | null): Promise<void> {
    await manager.query('INSERT INTO exchange.docking_transitions (docking_id, status, actor, note) VALUES ($1, $2, $3, $4)', [dockingId, status, actor, note]);
  }

  /** Moves one entry to a status and records the transition, in one statement; the entry as it now stands. */
  async changeDockingStatus(manager: EntityManager, id: string, status: DockingEntry['status'], actor: string, note: string): Promise<DockingRow> {
    const [row]: DockingRow[] = await manager.query(
      `WITH changed AS (
         UPDATE exchange.docking_entries SET status = $2, status_reason = $4, updated_at = now() WHERE id = $1 RETURNING *
       ), recorded AS (
         INSERT INTO exchange.docking_transitions (docking_id, status, actor, note) SELECT id, status, $3, $4 FROM changed
       )
       ${dockingColumns} FROM changed e JOIN exchange.catalogs c ON c.id = e.catalog_id`,
      [id, status, actor, note],
    );
    return row;
  }

  /**
   * Revokes every entry on a catalog that is not revoked yet (only those that share the
   * field, when one is named) and records each transition, in one statement whatever
   * their number; the revoked entries as they now stand.
   */
  revokeDockings(manager: EntityManager, catalogId: string, field: string | null, actor: string, note: string): Promise<DockingRow[]> {
    return manager.query(
      `WITH revoked AS (
         UPDATE exchange.docking_entries SET status = 'revoked', status_reason = $4, updated_at = now()
         WHERE catalog_id = $1 AND status <> 'revoked' AND ($2::text IS NULL OR $2 = ANY(fields)) RETURNING *
       ), recorded AS (
         INSERT INTO exchange.docking_transitions (docking_id, status, actor, note) SELECT id, 'revoked', $3, $4 FROM revoked
       )
       ${dockingColumns} FROM revoked e JOIN exchange.catalogs c ON c.id = e.catalog_id ORDER BY e.created_at, e.id`,
      [catalogId, field, actor, note],
    );
  }

  /** The new entry, or nothing when the catalog (or the field) is on the list already. */
  async insertNegative(
    manager: EntityManager,
    catalog: { id: string; code: string },
    entry: { field: string | null; legalBasis: string; setByDepartment: string; setBy: string },
  ): Promise<NegativeRow | undefined> {
    const [row]: NegativeRow[] = await manager.query(
      `INSERT INTO exchange.negative_entries (catalog_id, field, legal_basis, set_by_department, set_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING *, $6::text AS catalog_code`,
      [catalog.id, entry.field, entry.legalBasis, entry.setByDepartment, entry.setBy, catalog.code],
    );
    return row;
  }

  /** Negative entries that cover the catalog as a whole or any of the fields. */
  async negativeHits(manager: EntityManager, catalogId: string, fields: string[]): Promise<(string | null)[]> {
    const rows: { field: string | null }[] = await manager.query(
      'SELECT field FROM exchange.negative_entries WHERE catalog_id = $1 AND (field IS NULL OR field = ANY($2::text[]))',
      [catalogId, fields],
    );
    return rows.map((row) => row.field);
  }

  /** The providing department answers for every field of what it publishes; publishing again replaces the entry. */
  async assignResponsibility(manager: EntityManager, catalogId: string, departmentCode: string, fields: string[], legalBasis: string): Promise<void> {
    await manager.query(
      `INSERT INTO exchange.responsibilities (catalog_id, department_code, fields, legal_basis) VALUES ($1, $2, $3, $4)
       ON CONFLICT (catalog_id) DO UPDATE SET department_code = EXCLUDED.department_code, fields = EXCLUDED.fields, legal_basis = EXCLUDED.legal_basis`,
      [catalogId, departmentCode, fields, legalBasis],
    );
  }

  /** Every docking entry and negative entry, as the calls' authorisation copy holds them. */
  async authorizationLists(manager: EntityManager): Promise<{ docking: DockingEntry[]; negative: NegativeEntry[] }> {
    const docking: DockingRow[] = await manager.query(dockingSelect);
    const negative: NegativeRow[] = await manager.query(negativeSelect);
    return { docking: docking.map(mapDocking), negative: negative.map((row) => mapNegative(row)) };
  }

  listDocking(query: ListQuery) {
    const filter = new SqlFilter()
      .when(query.department, (p) => `(e.consumer_department = ${p} OR e.provider_department = ${p})`)
      .equals('c.code', query.catalog)
      .equals('e.status', query.status)
      .contains('c.code', query.q);
    const sql = `${dockingColumns}, count(*) OVER () AS total FROM exchange.docking_entries e JOIN exchange.catalogs c ON c.id = e.catalog_id`;
    return pagedQuery<DockingRow>(this.dataSource, `${sql} ${filter.where} ORDER BY e.created_at DESC, e.id`, filter.params, query);
  }

  listNegative(query: ListQuery) {
    const filter = new SqlFilter().equals('n.set_by_department', query.department).equals('c.code', query.catalog).contains('c.code', query.q);
    const sql =
      'SELECT n.*, c.code AS catalog_code, count(*) OVER () AS total FROM exchange.negative_entries n JOIN exchange.catalogs c ON c.id = n.catalog_id';
    return pagedQuery<NegativeRow>(this.dataSource, `${sql} ${filter.where} ORDER BY n.created_at DESC, n.id`, filter.params, query);
  }

  listResponsibilities(query: ListQuery) {
    const filter = new SqlFilter().equals('r.department_code', query.department).equals('c.code', query.catalog).contains('c.name', query.q);
    return pagedQuery<ResponsibilityRow>(
      this.dataSource,
      `SELECT c.code AS catalog_code, c.name AS catalog_name, r.department_code, r.fields, r.legal_basis, r.created_at, count(*) OVER () AS total
       FROM exchange.responsibilities r JOIN exchange.catalogs c ON c.id = r.catalog_id ${filter.where} ORDER BY c.code`,
      filter.params,
      query,
    );
  }
}

/** A docking entry's columns, its dates as ISO days, from `e` joined to its catalog `c`. */
const dockingColumns = `SELECT e.*, to_char(e.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(e.valid_to, 'YYYY-MM-DD') AS valid_to, c.code AS catalog_code`;
const dockingSelect = `${dockingColumns} FROM exchange.docking_entries e JOIN exchange.catalogs c ON c.id = e.catalog_id`;
const negativeSelect = 'SELECT n.*, c.code AS catalog_code FROM exchange.negative_entries n JOIN exchange.catalogs c ON c.id = n.catalog_id';
