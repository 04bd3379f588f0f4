import type { Caller, DockingEntry } from '@igs/contracts';
import { AppError } from '@igs/platform';
import type { AuthorizationCopy } from './authorization-copy.js';

/** How many calls a docking entry has served on a day. */
export interface QuotaUsage {
  used(entry: DockingEntry, day: string): number;
}

/**
 * The decision for one call, from the in-memory lists: the first rule broken gives the
 * denial code. The caller's department (and app) must hold an active docking entry for
 * the catalog that is valid today, covers every field and has quota left, and nothing
 * asked for may be on the negative list.
 */
export function authorizeCall(copy: AuthorizationCopy, quotas: QuotaUsage, caller: Caller, catalogCode: string, fields: string[], today: string): DockingEntry {
  const negative = copy.negativeHits(catalogCode, fields);
  if (negative.length > 0) {
    const what = negative.includes(null) ? `catalog ${catalogCode}` : `fields ${negative.join(', ')}`;
    throw new AppError('EXCHANGE.NEGATIVE_LIST', `${what} may not be shared (negative list)`);
  }
  const mine = copy
    .dockingEntries(catalogCode)
    .filter((entry) => entry.consumerDepartment === caller.departmentCode && (entry.consumerApp === null || entry.consumerApp === caller.appId));
  const active = mine.filter((entry) => entry.status === 'active');
  if (active.length === 0) throw new AppError('EXCHANGE.NO_DOCKING', `no active docking entry lets ${caller.departmentCode ?? caller.subject} call catalog ${catalogCode}`);
  const valid = active.filter((entry) => entry.validFrom <= today && today <= entry.validTo);
  if (valid.length === 0) throw new AppError('EXCHANGE.EXPIRED', `the docking entries for catalog ${catalogCode} are not valid on ${today}`);
  const covering = valid.filter((entry) => fields.every((field) => entry.fields.includes(field)));
  if (covering.length === 0) {
    const approved = new Set(valid.flatMap((entry) => entry.fields));
    throw new AppError('EXCHANGE.FIELD_NOT_APPROVED', `fields ${fields.filter((f) => !approved.has(f)).join(', ') || fields.join(', ')} are not approved together for the caller`);
  }
  const withQuota = covering.find((entry) => quotas.used(entry, today) < entry.dailyQuota);
  if (!withQuota) throw new AppError('EXCHANGE.QUOTA_EXCEEDED', `the daily quota for catalog ${catalogCode} is used up`);
  return withQuota;
}
