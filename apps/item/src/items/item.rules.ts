import type { FieldError, ItemSpec } from '@igs/contracts';
import { AppError } from '@igs/platform';

/** Rules that span fields, checked on the item as it will be stored (after a partial edit). */
export function checkItemSpec(spec: ItemSpec): void {
  const errors: FieldError[] = [];
  if (spec.promisedDays > spec.statutoryDays) {
    errors.push({ in: 'body', field: 'promisedDays', message: `must not exceed statutoryDays (${spec.statutoryDays})` });
  }
  const names = spec.materials.map((m) => m.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    errors.push({ in: 'body', field: 'materials', message: `material "${repeated}" is listed twice` });
  }
  if (spec.onlineDepth >= 3 && !spec.channels.some((c) => c === 'web' || c === 'mobile')) {
    errors.push({ in: 'body', field: 'channels', message: 'an online depth of 3 or more needs the web or mobile channel' });
  }
  if (errors.length > 0) throw AppError.validation(errors);
}

/** The spec fields of a stored version, for merging an edit onto it. */
export function specOf(version: ItemSpec): ItemSpec {
  const { name, kind, departmentCode, level, divisionCode, legalBasis, materials, statutoryDays, promisedDays, fee, onlineDepth, channels } = version;
  return { name, kind, departmentCode, level, divisionCode, legalBasis, materials, statutoryDays, promisedDays, fee, onlineDepth, channels };
}
