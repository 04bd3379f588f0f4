import type { Demand } from '@igs/contracts';
import type { DemandRow, DemandTransitionRow } from './demand.repository.js';

export function mapDemand(row: DemandRow, history: DemandTransitionRow[], overdue: boolean): Demand {
  return {
    id: row.id,
    catalogCode: row.catalog_code,
    consumerDepartment: row.consumer_department,
    providerDepartment: row.provider_department,
    consumerApp: row.consumer_app,
    fields: row.fields,
    purpose: row.purpose,
    scenario: row.scenario,
    legalBasis: row.legal_basis,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    expectedDailyVolume: row.expected_daily_volume,
    status: row.status,
    overdue,
    dockingId: row.docking_id,
    createdAt: row.created_at.toISOString(),
    history: history.map((transition) => ({ status: transition.status, by: transition.actor, at: transition.at.toISOString(), note: transition.note })),
  };
}

/** What every demand event carries. */
export function mapDemandEvent(demand: Pick<DemandRow, 'id' | 'catalog_code' | 'consumer_department' | 'provider_department'>) {
  return { id: demand.id, catalogCode: demand.catalog_code, consumerDepartment: demand.consumer_department, providerDepartment: demand.provider_department };
}
