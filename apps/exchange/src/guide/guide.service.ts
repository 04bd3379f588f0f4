import { Injectable } from '@nestjs/common';
import { exchangeEvents, scopes, type Caller, type GuideCategory } from '@igs/contracts';
import { requireScope, UnitOfWork } from '@igs/platform';
import { catalogViolations, type GuideRule } from '../catalog/catalog.rules.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { specOf } from '../catalog/catalog.mapper.js';
import { mapCategory, mapGuideRules } from './guide.mapper.js';
import { GuideRepository } from './guide.repository.js';

/** The classification guide: rules as data, kept by the platform administrator. */
@Injectable()
export class GuideService {
  constructor(
    private readonly guide: GuideRepository,
    private readonly catalogs: CatalogRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async rules(): Promise<Map<string, GuideRule>> {
    return mapGuideRules(await this.guide.categories());
  }

  async list(caller: Caller): Promise<{ categories: GuideCategory[] }> {
    requireScope(caller, scopes.exchangeRead);
    return { categories: (await this.guide.categories()).map(mapCategory) };
  }

  /** Creates or changes a category, then checks again every catalog with a field in it. */
  async put(code: string, name: string, minGrade: number, caller: Caller) {
    requireScope(caller, scopes.exchangeAdmin);
    return this.uow.run(async (tx) => {
      const category = mapCategory(await this.guide.putCategory(tx.manager, code, name, minGrade));
      await tx.publish(exchangeEvents.guideChanged, category, caller);

      const rules = mapGuideRules(await this.guide.categories(tx.manager));
      const affected = await this.guide.lockCatalogsUsing(tx.manager, code);
      const fields = await this.catalogs.fieldsOf(
        affected.map((row) => row.id),
        tx.manager,
      );
      const nonCompliant: string[] = [];
      const updates: { id: string; violations: string[] }[] = [];
      for (const row of affected) {
        const violations = catalogViolations(specOf(row, fields.get(row.id) ?? []), rules).map((v) => `${v.field}: ${v.message}`);
        if (violations.join('\n') !== row.violations.join('\n')) updates.push({ id: row.id, violations });
        if (violations.length === 0) continue;
        nonCompliant.push(row.code);
        if (violations.join('\n') !== row.violations.join('\n')) await tx.publish(exchangeEvents.catalogNonCompliant, { code: row.code, violations }, caller);
      }
      await this.guide.setViolations(tx.manager, updates);
      return { category, catalogsChecked: affected.length, catalogsNonCompliant: nonCompliant };
    });
  }
}
