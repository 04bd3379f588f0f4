import type { Item } from '@igs/contracts';
import type { ItemVersion } from './item-version.entity.js';

export function mapItem(row: ItemVersion): Item {
  return {
    code: row.code,
    version: row.version,
    revision: row.revision,
    status: row.status,
    name: row.name,
    kind: row.kind,
    departmentCode: row.departmentCode,
    level: row.level,
    divisionCode: row.divisionCode,
    legalBasis: row.legalBasis,
    materials: row.materials,
    statutoryDays: row.statutoryDays,
    promisedDays: row.promisedDays,
    fee: row.fee,
    onlineDepth: row.onlineDepth,
    channels: row.channels,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  };
}
