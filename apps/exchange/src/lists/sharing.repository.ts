import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Demand, DockingEntry, ListQuery, NegativeEntry } from '@igs/contracts';
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

export interface NegativeRow {
  id: string;
  catalog_code: string;
  field: string | null;
  legal_basis: string;
  set_by_department: string;
  created_at: Date;
}

/** Queries on demands and the three lists. */
@Injectable()
export class SharingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findDemand(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<DemandRow | undefined> {
    const [row]: DemandRow[] = await manager.query(
      `SELECT d.*, to_char(d.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(d.valid_to, 'YYYY-MM-DD') AS valid_to, c.code AS catalog_code
       FROM exchange.demands d JOIN exchange.catalogs c ON c.id = d.catalog_id WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`,
      [id],
    );
    return row;
  }

  async history(demandIds: string[]): Promise<Map<string, { status: Demand['status']; by: string; at: string; note: string | null }[]>> {
    const rows: { demand_id: string; status: Demand['status']; actor: string; at: Date; note: string | null }[] = await this.dataSource.query(
      'SELECT demand_id, status, actor, at, note FROM exchange.demand_transitions WHERE demand_id = ANY($1::uuid[]) ORDER BY id',
      [demandIds],
    );
    const byDemand = new Map<string, { status: Demand['status']; by: string; at: string; note: string | null }[]>();
    for (const row of rows) byDemand.set(row.demand_id, [...(byDemand.get(row.demand_id) ?? []), { status: row.status, by: row.actor, at: row.at.toISOString(), note: row.note }]);
    return byDemand;
  }

  async recordTransition(manager: EntityManager, demandId: string, status: Demand['status'], actor: string, note: string | null): Promise<void> {
    await manager.query('INSERT INTO exchange.demand_transitions (demand_id, status, actor, note) VALUES ($1, $2, $3, $4)', [demandId, status, actor, note]);
  }

  async recordDockingTransition(manager: EntityManager, dockingId: string, status: DockingEntry['status'], actor: string, note: string | null): Promise<void> {
    await manager.query('INSERT INTO exchange.docking_transitions (docking_id, status, actor, note) VALUES ($1, $2, $3, $4)', [dockingId, status, actor, note]);
  }

  async dockingHistory(dockingId: string): Promise<{ status: DockingEntry['status']; by: string; at: string; note: string | null }[]> {
    const rows: { status: DockingEntry['status']; actor: string; at: Date; note: string | null }[] = await this.dataSource.query(
      'SELECT status, actor, at, note FROM exchange.docking_transitions WHERE docking_id = $1 ORDER BY id',
      [dockingId],
    );
    return rows.map((row) => ({ status: row.status, by: row.actor, at: row.at.toISOString(), note: row.note }));
  }

  /** Negative entries that cover the catalog as a whole or any of the fields. */
  async negativeHits(manager: EntityManager, catalogId: string, fields: string[]): Promise<(string | null)[]> {
    const rows: { field: string | null }[] = await manager.query(
      'SELECT field FROM exchange.negative_entries WHERE catalog_id = $1 AND (field IS NULL OR field = ANY($2::text[]))',
      [catalogId, fields],
    );
    return rows.map((row) => row.field);
  }

  async findDocking(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<DockingRow | undefined> {
    const [row]: DockingRow[] = await manager.query(`${dockingSelect} WHERE e.id = $1${lock ? ' FOR UPDATE OF e' : ''}`, [id]);
    return row;
  }

  listDemands(query: ListQuery, department: string | null) {
    const { where, params } = filters(query, { department: department ? '(d.consumer_department = $X OR d.provider_department = $X)' : undefined, departmentValue: department, catalog: 'c.code', status: 'd.status', q: 'c.code' });
    return this.page<DemandRow>(
      `SELECT d.*, to_char(d.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(d.valid_to, 'YYYY-MM-DD') AS valid_to, c.code AS catalog_code, count(*) OVER () AS total
       FROM exchange.demands d JOIN exchange.catalogs c ON c.id = d.catalog_id ${where} ORDER BY d.created_at DESC, d.id`,
      params,
      query,
    );
  }

  /** Every docking entry and negative entry, as the calls' authorisation copy holds them. */
  async authorizationLists(manager: EntityManager): Promise<{ docking: DockingEntry[]; negative: NegativeEntry[] }> {
    const docking: DockingRow[] = await manager.query(dockingSelect);
    const negative: NegativeRow[] = await manager.query(negativeSelect);
    return { docking: docking.map(mapDocking), negative: negative.map((row) => mapNegative(row)) };
  }

  listDocking(query: ListQuery) {
    const { where, params } = filters(query, { department: '(e.consumer_department = $X OR e.provider_department = $X)', departmentValue: query.department ?? null, catalog: 'c.code', status: 'e.status', q: 'c.code' });
    return this.page<DockingRow>(`${dockingSelect.replace('SELECT e.*', 'SELECT e.*, count(*) OVER () AS total')} ${where} ORDER BY e.created_at DESC, e.id`, params, query);
  }

  listNegative(query: ListQuery) {
    const { where, params } = filters(query, { department: 'n.set_by_department = $X', departmentValue: query.department ?? null, catalog: 'c.code', q: 'c.code' });
    return this.page<NegativeRow>(`${negativeSelect.replace('SELECT n.*', 'SELECT n.*, count(*) OVER () AS total')} ${where} ORDER BY n.created_at DESC, n.id`, params, query);
  }

  listResponsibilities(query: ListQuery) {
    const { where, params } = filters(query, { department: 'r.department_code = $X', departmentValue: query.department ?? null, catalog: 'c.code', q: 'c.name' });
    return this.page<{ catalog_code: string; catalog_name: string; department_code: string; fields: string[]; legal_basis: string; created_at: Date }>(
      `SELECT c.code AS catalog_code, c.name AS catalog_name, r.department_code, r.fields, r.legal_basis, r.created_at, count(*) OVER () AS total
       FROM exchange.responsibilities r JOIN exchange.catalogs c ON c.id = r.catalog_id ${where} ORDER BY c.code`,
      params,
      query,
    );
  }

  private async page<T>(sql: string, params: unknown[], query: ListQuery): Promise<{ rows: T[]; total: number }> {
    const rows: (T & { total: string })[] = await this.dataSource.query(`${sql} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
      ...params,
      query.size,
      (query.page - 1) * query.size,
    ]);
    if (rows.length > 0 || query.page === 1) return { rows, total: rows.length ? Number(rows[0].total) : 0 };
    const [count]: { total: string }[] = await this.dataSource.query(`SELECT count(*) AS total FROM (${sql}) listed`, params);
    return { rows, total: Number(count.total) };
  }
}

const dockingSelect = `SELECT e.*, to_char(e.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(e.valid_to, 'YYYY-MM-DD') AS valid_to, c.code AS catalog_code
  FROM exchange.docking_entries e JOIN exchange.catalogs c ON c.id = e.catalog_id`;
const negativeSelect = 'SELECT n.*, c.code AS catalog_code FROM exchange.negative_entries n JOIN exchange.catalogs c ON c.id = n.catalog_id';

function filters(
  query: ListQuery,
  columns: { department?: string; departmentValue: string | null; catalog?: string; status?: string; q?: string },
): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(clause.replaceAll('$X', `$${params.length}`));
  };
  if (columns.department && columns.departmentValue) add(columns.department, columns.departmentValue);
  if (columns.catalog && query.catalog) add(`${columns.catalog} = $X`, query.catalog);
  if (columns.status && query.status) add(`${columns.status} = $X`, query.status);
  if (columns.q && query.q) add(`${columns.q} ILIKE $X`, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function mapDocking(row: DockingRow): DockingEntry {
  return {
    id: row.id,
    demandId: row.demand_id,
    consumerDepartment: row.consumer_department,
    consumerApp: row.consumer_app,
    providerDepartment: row.provider_department,
    catalogCode: row.catalog_code,
    fields: row.fields,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    dailyQuota: row.daily_quota,
    status: row.status,
    statusReason: row.status_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function mapNegative(row: NegativeRow, revokedDockings = 0): NegativeEntry {
  return {
    id: row.id,
    catalogCode: row.catalog_code,
    field: row.field,
    legalBasis: row.legal_basis,
    setBy: row.set_by_department,
    createdAt: row.created_at.toISOString(),
    revokedDockings,
  };
}
