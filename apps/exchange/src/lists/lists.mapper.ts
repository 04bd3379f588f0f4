import type { DockingEntry, NegativeEntry } from '@igs/contracts';
import type { DockingRow, DockingTransitionRow, NegativeRow, ResponsibilityRow } from './lists.repository.js';

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

export function mapDockingTransition(row: DockingTransitionRow) {
  return { status: row.status, by: row.actor, at: row.at.toISOString(), note: row.note };
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

export function mapResponsibility(row: ResponsibilityRow) {
  return {
    catalogCode: row.catalog_code,
    catalogName: row.catalog_name,
    departmentCode: row.department_code,
    fields: row.fields,
    legalBasis: row.legal_basis,
    createdAt: row.created_at.toISOString(),
  };
}
