import { z } from 'zod';
import { keptText } from '../common/kept-text.js';
import { DepartmentCode } from '../item/item.schema.js';
import { CatalogCode, FieldName } from './catalog.schema.js';

const LegalBasis = z.string().trim().min(2).max(2000);
const Day = z.iso.date();

/** A consumer department asks for fields of a catalog. */
export const CreateDemandBody = z
  .strictObject({
    catalogCode: CatalogCode,
    fields: z.array(FieldName).min(1).max(200),
    consumerApp: z.string().min(3).max(64).nullable().default(null).describe('one app of the department, or null for all its apps'),
    purpose: keptText(2, 500),
    scenario: keptText(2, 500),
    legalBasis: LegalBasis,
    validFrom: Day,
    validTo: Day,
    expectedDailyVolume: z.int().min(1).max(100_000_000),
  })
  .refine((b) => b.validFrom <= b.validTo, { path: ['validTo'], message: 'must not be before validFrom' })
  .meta({ id: 'CreateDemand' });
export type CreateDemandBody = z.infer<typeof CreateDemandBody>;

export const DemandStatus = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);
export type DemandStatus = z.infer<typeof DemandStatus>;

export const DemandTransition = z.object({ status: DemandStatus, by: z.string(), at: z.iso.datetime(), note: z.string().nullable() });

export const Demand = z
  .object({
    id: z.uuid(),
    catalogCode: z.string(),
    consumerDepartment: z.string(),
    providerDepartment: z.string(),
    consumerApp: z.string().nullable(),
    fields: z.array(z.string()),
    purpose: z.string(),
    scenario: z.string(),
    legalBasis: z.string(),
    validFrom: Day,
    validTo: Day,
    expectedDailyVolume: z.int(),
    status: DemandStatus,
    overdue: z.boolean(),
    dockingId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    history: z.array(DemandTransition),
  })
  .meta({ id: 'Demand' });
export type Demand = z.infer<typeof Demand>;

/** The provider's approver may give fewer fields or a shorter validity; fields are always named. */
export const ApproveDemandBody = z
  .strictObject({
    fields: z.array(FieldName).min(1).max(200),
    validFrom: Day.optional(),
    validTo: Day.optional(),
    dailyQuota: z.int().min(1).max(100_000_000),
    note: keptText(0, 500).optional(),
  })
  .meta({ id: 'ApproveDemand' });
export type ApproveDemandBody = z.infer<typeof ApproveDemandBody>;
export const ReasonBody = z.strictObject({ reason: keptText(2, 500) }).meta({ id: 'Reason' });

export const DockingStatus = z.enum(['active', 'suspended', 'revoked']);
export const DockingEntry = z
  .object({
    id: z.uuid(),
    demandId: z.uuid(),
    consumerDepartment: z.string(),
    consumerApp: z.string().nullable(),
    providerDepartment: z.string(),
    catalogCode: z.string(),
    fields: z.array(z.string()),
    purpose: z.string(),
    legalBasis: z.string(),
    validFrom: Day,
    validTo: Day,
    dailyQuota: z.int(),
    status: DockingStatus,
    statusReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'DockingEntry' });
export type DockingEntry = z.infer<typeof DockingEntry>;
export const DockingTransition = z.object({ status: DockingStatus, by: z.string(), at: z.iso.datetime(), note: z.string().nullable() });
export const DockingEntryWithHistory = DockingEntry.extend({ history: z.array(DockingTransition) }).meta({ id: 'DockingEntryWithHistory' });

export const CreateNegativeBody = z
  .strictObject({
    catalogCode: CatalogCode,
    field: FieldName.nullable().default(null).describe('one field, or null for the whole catalog'),
    legalBasis: LegalBasis,
  })
  .meta({ id: 'CreateNegativeEntry' });
export type CreateNegativeBody = z.infer<typeof CreateNegativeBody>;
export const NegativeEntry = z
  .object({ id: z.uuid(), catalogCode: z.string(), field: z.string().nullable(), legalBasis: z.string(), setBy: z.string(), createdAt: z.iso.datetime(), revokedDockings: z.int() })
  .meta({ id: 'NegativeEntry' });
export type NegativeEntry = z.infer<typeof NegativeEntry>;

export const ResponsibilityEntry = z
  .object({ catalogCode: z.string(), catalogName: z.string(), departmentCode: z.string(), fields: z.array(z.string()), legalBasis: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'ResponsibilityEntry' });

const paging = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  size: z.coerce.number().int().min(1).max(1000).default(50),
};
export const ListQuery = z.object({
  q: z.string().trim().min(1).max(100).optional().describe('catalog code or name'),
  department: DepartmentCode.optional(),
  catalog: CatalogCode.optional(),
  status: z.string().max(20).optional(),
  ...paging,
});
export type ListQuery = z.infer<typeof ListQuery>;

export const DemandPage = z.object({ demands: z.array(Demand), total: z.int(), page: z.int(), size: z.int() }).meta({ id: 'DemandPage' });
export const DockingPage = z.object({ entries: z.array(DockingEntry), total: z.int(), page: z.int(), size: z.int() }).meta({ id: 'DockingPage' });
export const NegativePage = z.object({ entries: z.array(NegativeEntry), total: z.int(), page: z.int(), size: z.int() }).meta({ id: 'NegativePage' });
export const ResponsibilityPage = z.object({ entries: z.array(ResponsibilityEntry), total: z.int(), page: z.int(), size: z.int() }).meta({ id: 'ResponsibilityPage' });

export const ExchangeStats = z
  .object({
    catalogs: z.object({ total: z.int(), published: z.int(), byShareType: z.record(z.string(), z.int()), byGrade: z.record(z.string(), z.int()) }),
    responsibilityEntries: z.int(),
    negativeEntries: z.int(),
    dockingEntries: z.object({ total: z.int(), active: z.int() }),
    demands: z.object({ pending: z.int(), overdue: z.int() }),
    calls: z.array(z.object({ day: z.iso.date(), catalogCode: z.string(), consumerDepartment: z.string().nullable(), allowed: z.int(), denied: z.int() })).describe('the last 7 days'),
  })
  .meta({ id: 'ExchangeStats' });
