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
import { AppError, canActFor, fieldErrorsOf, requireDepartment, requireScope, UnitOfWork, type Transaction } from '@igs/platform';
import { GuideService } from '../guide/guide.service.js';
import { DemandRepository } from '../demands/demand.repository.js';
import { mapDocking } from '../lists/lists.mapper.js';
import { ListsRepository } from '../lists/lists.repository.js';
import { CatalogRepository, type CatalogRow } from './catalog.repository.js';
import { mapCatalog, mapCatalogSummary, specOf } from './catalog.mapper.js';
import { catalogViolations, changeRefusal, type CatalogChange } from './catalog.rules.js';

/** The data catalog's rules: who may describe which data, and how it may be shared. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly catalogs: CatalogRepository,
    private readonly guide: GuideService,
    private readonly lists: ListsRepository,
    private readonly demands: DemandRepository,
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
      const row = await this.lockFor('update', tx, code, caller, revision);
      const current = specOf(row, await this.catalogs.fieldsOfOne(row.id, tx.manager));
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
      const row = await this.lockFor('retire', tx, code, caller);
      const note = `catalog retired: ${reason}`;
      await this.catalogs.markRetired(tx.manager, row.id);
      const revoked = await this.lists.revokeDockings(tx.manager, row.id, null, caller.subject, note);
      for (const docking of revoked) await tx.publish(exchangeEvents.dockingRevoked, mapDocking(docking), caller);
      // Pending demands for it are answered: rejected, with the reason on record.
      for (const demand of await this.demands.rejectPendingOf(tx.manager, row.id, caller.subject, note)) {
        await tx.publish(
          exchangeEvents.demandRejected,
          { id: demand.id, catalogCode: code, consumerDepartment: demand.consumer_department, providerDepartment: row.provider_department },
          caller,
        );
      }
      await tx.publish(exchangeEvents.catalogRetired, { code, reason, revokedDockings: revoked.length }, caller);
      return this.load(code, tx.manager);
    });
  }

  async publish(code: string, revision: number, legalBasis: string, caller: Caller): Promise<Catalog> {
    requireScope(caller, scopes.exchangeCatalog);
    return this.uow.run(async (tx) => {
      const row = await this.lockFor('publish', tx, code, caller, revision);
      const fields = await this.catalogs.fieldsOfOne(row.id, tx.manager);
      const violations = catalogViolations(specOf(row, fields), await this.guide.rules());
      if (violations.length > 0) {
        throw new AppError('EXCHANGE.RULE_VIOLATION', `catalog ${code} breaks the classification guide as it stands now`, { errors: violations });
      }
      await this.catalogs.markPublished(tx.manager, row.id);
      await this.lists.assignResponsibility(
        tx.manager,
        row.id,
        row.provider_department,
        fields.map((f) => f.name),
        legalBasis,
      );
      await tx.publish(
        exchangeEvents.responsibilityAssigned,
        { catalogCode: code, departmentCode: row.provider_department, fields: fields.map((f) => f.name) },
        caller,
      );
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
      catalogs: rows.map(mapCatalogSummary),
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
      const reject = (errors: FieldError[]) =>
        rejected.push(...byLine(errors, line, fieldLines).map(([at, list]) => ({ line: at, code, reason: describe(list) })));
      if (!parsed.success) {
        reject(fieldErrorsOf(parsed.error, 'body'));
        continue;
      }
      const violations = catalogViolations(parsed.data, rules);
      if (violations.length > 0) reject(violations);
      else if (!canActFor(caller, parsed.data.providerDepartment))
        rejected.push({ line, code, reason: `catalogs of ${parsed.data.providerDepartment} are not the caller's to describe` });
      else if (seen.has(parsed.data.code)) rejected.push({ line, code, reason: 'the code appears earlier in the file' });
      else {
        seen.add(parsed.data.code);
        valid.push({ line, catalog: parsed.data });
      }
    }
    if (valid.length === 0) return { accepted: 0, rejected };
    const inserted = await this.uow.run((tx) =>
      this.catalogs.insertDrafts(
        tx.manager,
        valid.map((v) => v.catalog),
        caller.subject,
      ),
    );
    for (const { line, catalog } of valid) {
      if (!inserted.has(catalog.code)) rejected.push({ line, code: catalog.code, reason: 'a catalog with this code already exists' });
    }
    rejected.sort((a, b) => a.line - b.line);
    return { accepted: inserted.size, rejected };
  }

  private async load(code: string, manager?: Parameters<CatalogRepository['findByCode']>[1]): Promise<Catalog> {
    const row: CatalogRow | undefined = await this.catalogs.findByCode(code, manager);
    if (!row) throw notFound(code);
    return mapCatalog(row, await this.catalogs.fieldsOfOne(row.id, manager));
  }

  /**
   * The catalog a change applies to, locked until the transaction ends, once it exists,
   * belongs to the caller's department, is in the status the change starts from and,
   * when the caller names one, still at the revision the caller saw.
   */
  private async lockFor(change: CatalogChange, tx: Transaction, code: string, caller: Caller, revision?: number): Promise<CatalogRow> {
    const row = await this.catalogs.findByCode(code, tx.manager, true);
    if (!row) throw notFound(code);
    requireDepartment(caller, row.provider_department, `catalog ${code}`);
    const refusal = changeRefusal(change, row, revision);
    if (refusal) throw refusal;
    return row;
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
