import { z } from 'zod';
import { keptText } from '../common/kept-text.js';
import { code, searchText, shownText } from '../common/text.js';
import { ClientId } from '../identity/identity.schema.js';
import { DepartmentCode } from '../item/item.schema.js';
import { CatalogCode, FieldName } from './catalog.schema.js';

/** The law that allows a use of data: kept with the lists, and shown to both departments. */
export const LegalBasis = keptText(2, 2000);
const Day = z.iso.date();

/** A consumer department asks for fields of a catalog. */
export const CreateDemandBody = z
  .strictObject({
    catalogCode: CatalogCode,
    fields: z.array(FieldName).min(1).max(200),
    consumerApp: ClientId.nullable().default(null).describe('one app of the department, or null for all its apps'),
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

export const DemandTransition = z.object({ status: DemandStatus, by: shownText(), at: z.iso.datetime(), note: shownText().nullable() });

export const Demand = z
  .object({
    id: z.uuid(),
    catalogCode: shownText(),
    consumerDepartment: shownText(),
    providerDepartment: shownText(),
    consumerApp: shownText().nullable(),
    fields: z.array(shownText()),
    purpose: shownText(),
    scenario: shownText(),
    legalBasis: shownText(),
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
    consumerDepartment: shownText(),
    consumerApp: shownText().nullable(),
    providerDepartment: shownText(),
    catalogCode: shownText(),
    fields: z.array(shownText()),
    purpose: shownText(),
    legalBasis: shownText(),
    validFrom: Day,
    validTo: Day,
    dailyQuota: z.int(),
    status: DockingStatus,
    statusReason: shownText().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'DockingEntry' });
export type DockingEntry = z.infer<typeof DockingEntry>;
export const DockingTransition = z.object({ status: DockingStatus, by: shownText(), at: z.iso.datetime(), note: shownText().nullable() });
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
  .object({
    id: z.uuid(),
    catalogCode: shownText(),
    field: shownText().nullable(),
    legalBasis: shownText(),
    setBy: shownText(),
    createdAt: z.iso.datetime(),
    revokedDockings: z.int(),
  })
  .meta({ id: 'NegativeEntry' });
export type NegativeEntry = z.infer<typeof NegativeEntry>;

export const ResponsibilityEntry = z
  .object({
    catalogCode: shownText(),
    catalogName: shownText(),
    departmentCode: shownText(),
    fields: z.array(shownText()),
    legalBasis: shownText(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ResponsibilityEntry' });

const paging = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  size: z.coerce.number().int().min(1).max(1000).default(50),
};
export const ListQuery = z.object({
  q: searchText(100).optional().describe('catalog code or name'),
  department: DepartmentCode.optional(),
  catalog: CatalogCode.optional(),
  status: code(/^[a-z_]{1,20}$/, 'a status: lower-case letters and "_"').optional(),
  ...paging,
});
export type ListQuery = z.infer<typeof ListQuery>;

export const DemandPage = z.object({ demands: z.array(Demand), total: z.int(), page: z.int(), size: z.int() }).meta({ id: 'DemandPage' });
export const DockingPage = z.object({ entries: z.array(DockingEntry), total: z.int(), page: z.int(), size: z.int() }).meta({ id: 'DockingPage' });
export const NegativePage = z.object({ entries: z.array(NegativeEntry), total: z.int(), page: z.int(), size: z.int() }).meta({ id: 'NegativePage' });
export const ResponsibilityPage = z
  .object({ entries: z.array(ResponsibilityEntry), total: z.int(), page: z.int(), size: z.int() })
  .meta({ id: 'ResponsibilityPage' });

export const ExchangeStats = z
  .object({
    catalogs: z.object({ total: z.int(), published: z.int(), byShareType: z.record(shownText(), z.int()), byGrade: z.record(shownText(), z.int()) }),
    responsibilityEntries: z.int(),
    negativeEntries: z.int(),
    dockingEntries: z.object({ total: z.int(), active: z.int() }),
    demands: z.object({ pending: z.int(), overdue: z.int() }),
    calls: z
      .array(z.object({ day: z.iso.date(), catalogCode: shownText(), consumerDepartment: shownText().nullable(), allowed: z.int(), denied: z.int() }))
      .describe('the last 7 days'),
  })
  .meta({ id: 'ExchangeStats' });
