import { Injectable } from '@nestjs/common';
import {
  CreateCatalogBody,
  exchangeEvents,
  type UpdateCatalogBody,
  scopes,
  type Caller,
  type Catalog,
  type FieldError,
  type CatalogPage,
  type CatalogSearchQuery,
} from '@igs/contracts';
import { AppError, fieldErrorsOf, requireDepartment, requireScope, UnitOfWork } from '@igs/platform';
import { GuideService } from '../guide/guide.service.js';
import { mapDocking, SharingRepository } from '../lists/sharing.repository.js';
import { CatalogRepository, type CatalogRow } from './catalog.repository.js';
import { mapCatalog, specOf } from './catalog.mapper.js';
import { catalogViolations } from './catalog.rules.js';

/** The data catalog's rules: who may describe which data, and how it may be shared. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly catalogs: CatalogRepository,
    private readonly guide: GuideService,
    private readonly sharing: SharingRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async create(body: CreateCatalogBody, caller: Caller): Promise<Catalog> {
    requireScope(caller, scopes.exchangeCatalog);
    requireDepartment(caller, body.providerDepartment, `catalog ${body.code}`);
    const violations = catalogViolations(body, await this.guide.rules());
    if (violations.length > 0) throw AppError.validation(violations, 'the catalog breaks classification or sharing rules');
    return this.uow.run(async (tx) => {
      const ids = await this.catalogs.insertDrafts(tx.manager, [body], caller.subject);
      if (!ids.has(body.code)) throw new AppError('EXCHANGE.CATALOG_EXISTS', `a catalog with code ${body.code} already exists`);
      return this.load(body.code, tx.manager);
    });
  }

  /** Edits a draft: fields, when given, replace the whole list. */
  async update(code: string, changes: UpdateCatalogBody, caller: Caller): Promise<Catalog> {
    requireScope(caller, scopes.exchangeCatalog);
    const { revision, ...edits } = changes;
    return this.uow.run(async (tx) => {
      const row = await this.catalogs.findByCode(code, tx.manager, true);
      if (!row) throw notFound(code);
      requireDepartment(caller, row.provider_department, `catalog ${code}`);
      if (row.status !== 'draft') throw new AppError('EXCHANGE.ALREADY_PUBLISHED', `catalog ${code} is ${row.status}; only a draft is edited`);
      if (row.revision !== revision) throw new AppError('EXCHANGE.STALE_REVISION', `catalog ${code} is at revision ${row.revision}`);
      const current = specOf(row, (await this.catalogs.fieldsOf([row.id], tx.manager)).get(row.id) ?? []);
      const spec = { ...current, ...edits };
      requireDepartment(caller, spec.providerDepartment, `catalog ${code}`);
      const violations = catalogViolations(spec, await this.guide.rules());
      if (violations.length > 0) throw AppError.validation(violations, 'the catalog breaks classification or sharing rules');
      await this.catalogs.replaceDraft(tx.manager, row.id, spec);
      return this.load(code, tx.manager);
    });
  }

  /** Retires a catalog: no new demands, and every docking entry on it is revoked. */
  async retire(code: string, reason: string, caller: Caller): Promise<Catalog> {
    requireScope(caller, scopes.exchangeCatalog);
    return this.uow.run(async (tx) => {
      const row = await this.catalogs.findByCode(code, tx.manager, true);
      if (!row) throw notFound(code);
      requireDepartment(caller, row.provider_department, `catalog ${code}`);
      if (row.status !== 'published') throw new AppError('EXCHANGE.INVALID_TRANSITION', `catalog ${code} is ${row.status}; only a published catalog is retired`);
      await tx.manager.query(`UPDATE exchange.catalogs SET status = 'retired', revision = revision + 1, updated_at = now() WHERE id = $1`, [row.id]);
      const [revoked]: [{ id: string }[], number] = await tx.manager.query(
        `UPDATE exchange.docking_entries SET status = 'revoked', status_reason = $2, updated_at = now() WHERE catalog_id = $1 AND status <> 'revoked' RETURNING id`,
        [row.id, `catalog retired: ${reason}`],
      );
      for (const { id } of revoked) {
        await this.sharing.recordDockingTransition(tx.manager, id, 'revoked', caller.subject, `catalog retired: ${reason}`);
        await tx.publish(exchangeEvents.dockingRevoked, mapDocking((await this.sharing.findDocking(id, tx.manager))!), caller);
      }
      // Pending demands for it are answered: rejected, with the reason on record.
      const [closed]: [{ id: string; consumer_department: string }[], number] = await tx.manager.query(
        `UPDATE exchange.demands SET status = 'rejected' WHERE catalog_id = $1 AND status = 'pending' RETURNING id, consumer_department`,
        [row.id],
      );
      for (const demand of closed) {
        await this.sharing.recordTransition(tx.manager, demand.id, 'rejected', caller.subject, `catalog retired: ${reason}`);
        await tx.publish(exchangeEvents.demandRejected, { id: demand.id, catalogCode: code, consumerDepartment: demand.consumer_department, providerDepartment: row.provider_department }, caller);
      }
      await tx.publish(exchangeEvents.catalogRetired, { code, reason, revokedDockings: revoked.length }, caller);
      return this.load(code, tx.manager);
    });
  }

  async publish(code: string, revision: number, legalBasis: string, caller: Caller): Promise<Catalog> {
    requireScope(caller, scopes.exchangeCatalog);
    return this.uow.run(async (tx) => {
      const row = await this.catalogs.findByCode(code, tx.manager, true);
      if (!row) throw notFound(code);
      requireDepartment(caller, row.provider_department, `catalog ${code}`);
      if (row.status !== 'draft') throw new AppError('EXCHANGE.ALREADY_PUBLISHED', `catalog ${code} is ${row.status}`);
      if (row.revision !== revision) throw new AppError('EXCHANGE.STALE_REVISION', `catalog ${code} is at revision ${row.revision}`);
      const fields = (await this.catalogs.fieldsOf([row.id], tx.manager)).get(row.id) ?? [];
      const violations = catalogViolations(specOf(row, fields), await this.guide.rules());
      if (violations.length > 0) {
        throw new AppError('EXCHANGE.RULE_VIOLATION', `catalog ${code} breaks the classification guide as it stands now`, { errors: violations });
      }
      await tx.manager.query(
        `UPDATE exchange.catalogs SET status = 'published', revision = revision + 1, published_at = now(), updated_at = now(), violations = '{}' WHERE id = $1`,
        [row.id],
      );
      // The responsibility list: the providing department answers for every field of what it publishes.
      await tx.manager.query(
        `INSERT INTO exchange.responsibilities (catalog_id, department_code, fields, legal_basis) VALUES ($1, $2, $3, $4)
         ON CONFLICT (catalog_id) DO UPDATE SET department_code = EXCLUDED.department_code, fields = EXCLUDED.fields, legal_basis = EXCLUDED.legal_basis`,
        [row.id, row.provider_department, fields.map((f) => f.name), legalBasis],
      );
      await tx.publish(exchangeEvents.responsibilityAssigned, { catalogCode: code, departmentCode: row.provider_department, fields: fields.map((f) => f.name) }, caller);
      await tx.publish(
        exchangeEvents.catalogPublished,
        { code, version: row.version, providerDepartment: row.provider_department, shareType: row.share_type },
        caller,
      );
      return this.load(code, tx.manager);
    });
  }

  async get(code: string, caller: Caller): Promise<Catalog> {
    requireScope(caller, scopes.exchangeRead);
    return this.load(code);
  }

  async search(query: CatalogSearchQuery, caller: Caller): Promise<CatalogPage> {
    requireScope(caller, scopes.exchangeRead);
    const { rows, total } = await this.catalogs.search(query);
    return {
      catalogs: rows.map((row) => {
        const { fields: _fields, ...summary } = mapCatalog(row, []);
        return { ...summary, fieldCount: Number(row.field_count ?? 0) };
      }),
      total,
      page: query.page,
      size: query.size,
    };
  }

  /**
   * One batch of a bulk import: every valid row becomes a draft, every other row is
   * reported with its line and reason, and no row is half-written (a catalog and its
   * fields go in together, or not at all).
   */
  async importBatch(rows: { line: number; catalog: unknown; fieldLines?: number[] }[], caller: Caller) {
    requireScope(caller, scopes.exchangeCatalog);
    const rules = await this.guide.rules();
    const rejected: { line: number; code?: string; reason: string }[] = [];
    const valid: { line: number; catalog: CreateCatalogBody }[] = [];
    const seen = new Set<string>();
    for (const { line, catalog, fieldLines } of rows) {
      const parsed = CreateCatalogBody.safeParse(catalog);
      const code = typeof (catalog as { code?: unknown })?.code === 'string' ? (catalog as { code: string }).code : undefined;
      const reject = (errors: FieldError[]) => rejected.push(...byLine(errors, line, fieldLines).map(([at, list]) => ({ line: at, code, reason: describe(list) })));
      if (!parsed.success) {
        reject(fieldErrorsOf(parsed.error, 'body'));
        continue;
      }
      const violations = catalogViolations(parsed.data, rules);
      if (violations.length > 0) reject(violations);
      else if (!mayProvide(caller, parsed.data.providerDepartment)) rejected.push({ line, code, reason: `catalogs of ${parsed.data.providerDepartment} are not the caller's to describe` });
      else if (seen.has(parsed.data.code)) rejected.push({ line, code, reason: 'the code appears earlier in the file' });
      else {
        seen.add(parsed.data.code);
        valid.push({ line, catalog: parsed.data });
      }
    }
    if (valid.length === 0) return { accepted: 0, rejected };
    const inserted = await this.uow.run((tx) => this.catalogs.insertDrafts(tx.manager, valid.map((v) => v.catalog), caller.subject));
    for (const { line, catalog } of valid) {
      if (!inserted.has(catalog.code)) rejected.push({ line, code: catalog.code, reason: 'a catalog with this code already exists' });
    }
    rejected.sort((a, b) => a.line - b.line);
    return { accepted: inserted.size, rejected };
  }

  private async load(code: string, manager?: Parameters<CatalogRepository['findByCode']>[1]): Promise<Catalog> {
    const row: CatalogRow | undefined = await this.catalogs.findByCode(code, manager);
    if (!row) throw notFound(code);
    const fields = (await this.catalogs.fieldsOf([row.id], manager)).get(row.id) ?? [];
    return mapCatalog(row, fields);
  }
}

function mayProvide(caller: Caller, department: string): boolean {
  try {
    requireDepartment(caller, department, 'catalog');
    return true;
  } catch {
    return false;
  }
}

/** Errors grouped by the file line they belong to: a CSV field's own row, or the catalog's first. */
function byLine(errors: FieldError[], line: number, fieldLines?: number[]): [number, FieldError[]][] {
  const lines = new Map<number, FieldError[]>();
  for (const error of errors) {
    const index = /^fields\[(\d+)\]/.exec(error.field)?.[1];
    const at = (index !== undefined ? fieldLines?.[Number(index)] : undefined) ?? line;
    lines.set(at, [...(lines.get(at) ?? []), error]);
  }
  return [...lines].sort(([a], [b]) => a - b);
}

function describe(errors: { field: string; message: string }[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}

function notFound(code: string): AppError {
  return new AppError('EXCHANGE.CATALOG_NOT_FOUND', `no catalog ${code}`);
}
