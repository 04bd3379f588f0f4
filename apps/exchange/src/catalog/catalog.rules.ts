import type { CatalogSpec, FieldError } from '@igs/contracts';

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
