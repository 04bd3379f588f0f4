import type { Catalog, CatalogSpec, FieldError } from '@igs/contracts';
import { AppError } from '@igs/platform';

export interface GuideRule {
  minGrade: number;
}

/**
 * The sharing rules every catalog must keep, with the classification guide as data:
 * every field's category exists and its grade is at least the category's minimum; a
 * grade-4 field is never shared; a personal-information field may be plain only in a
 * conditional catalog (and then only where an approval names it); key fields exist.
 */
export function catalogViolations(spec: CatalogSpec, guide: ReadonlyMap<string, GuideRule>): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ in: 'body', field, message });
  const names = new Set<string>();
  spec.fields.forEach((field, index) => {
    const at = `fields[${index}]`;
    if (names.has(field.name)) add(`${at}.name`, `field ${field.name} is listed twice`);
    names.add(field.name);
    const rule = guide.get(field.category);
    if (!rule) add(`${at}.category`, `category ${field.category} is not in the classification guide`);
    else if (field.grade < rule.minGrade) add(`${at}.grade`, `category ${field.category} needs grade ${rule.minGrade} or more`);
    if (field.grade === 4 && field.policy !== 'never') add(`${at}.policy`, 'a grade-4 (core) field is never shared: its policy must be "never"');
    if (field.piType && field.policy === 'plain' && spec.shareType !== 'conditional') {
      add(`${at}.policy`, 'a personal-information field may be plain only in a conditional catalog');
    }
  });
  spec.keyFields.forEach((key, index) => {
    if (!names.has(key)) add(`keyFields[${index}]`, `key field ${key} is not a field of the catalog`);
  });
  return errors;
}

/** The changes of a catalog that lives on, each with the one status it may start from. */
const catalogChanges = {
  update: {
    from: 'draft',
    refuse: (code: string, status: string) => new AppError('EXCHANGE.ALREADY_PUBLISHED', `catalog ${code} is ${status}; only a draft is edited`),
  },
  publish: {
    from: 'draft',
    refuse: (code: string, status: string) => new AppError('EXCHANGE.ALREADY_PUBLISHED', `catalog ${code} is ${status}`),
  },
  retire: {
    from: 'published',
    refuse: (code: string, status: string) => new AppError('EXCHANGE.INVALID_TRANSITION', `catalog ${code} is ${status}; only a published catalog is retired`),
  },
} as const satisfies Record<string, { from: Catalog['status']; refuse: (code: string, status: string) => AppError }>;

export type CatalogChange = keyof typeof catalogChanges;

/**
 * Why a change may not start from the catalog as it stands: its status, or, when the caller
 * names the revision it last read, a newer one. Nothing when the change may go ahead.
 */
export function changeRefusal(
  change: CatalogChange,
  catalog: { code: string; status: Catalog['status']; revision: number },
  revision?: number,
): AppError | undefined {
  const { from, refuse } = catalogChanges[change];
  if (catalog.status !== from) return refuse(catalog.code, catalog.status);
  if (revision !== undefined && catalog.revision !== revision) {
    return new AppError('EXCHANGE.STALE_REVISION', `catalog ${catalog.code} is at revision ${catalog.revision}`);
  }
  return undefined;
}
