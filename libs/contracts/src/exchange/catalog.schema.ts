import { z } from 'zod';
import { keptText } from '../common/kept-text.js';
import { code, searchText, shownText } from '../common/text.js';
import { DepartmentCode } from '../item/item.schema.js';

export const ShareType = z.enum(['unconditional', 'conditional', 'not_shareable']);
export type ShareType = z.infer<typeof ShareType>;
export const OpenType = z.enum(['open', 'conditional', 'closed']);
export const UpdateFrequency = z.enum(['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular']);
export const FieldType = z.enum(['string', 'integer', 'decimal', 'date', 'datetime', 'boolean']);
/** 1 general, 2 sensitive, 3 important, 4 core. */
export const Grade = z.int().min(1).max(4);
export const PersonalInfoType = z.enum(['id_number', 'name', 'phone', 'address', 'bank_account', 'biometric', 'health', 'other']);
export const SharingPolicy = z.enum(['plain', 'masked', 'tokenised', 'verify_only', 'never']);
export type SharingPolicy = z.infer<typeof SharingPolicy>;
export const CatalogStatus = z.enum(['draft', 'published', 'retired']);
export type CatalogStatus = z.infer<typeof CatalogStatus>;

export const CatalogCode = code(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'letters, digits, ".", "_" or "-", 2 to 64 characters').meta({
  example: 'PS-POPULATION-001',
});
/** How many key fields and fields a catalog may have; a data call can name no more. */
export const maxKeyFields = 5;
export const maxCatalogFields = 200;

export const FieldName = code(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and "_", starting with a letter');
export const CategoryCode = code(/^[A-Z0-9][A-Z0-9.]{0,31}$/, 'upper-case letters, digits and ".", up to 32 characters');

export const CatalogField = z
  .strictObject({
    name: FieldName,
    label: keptText(1, 100),
    type: FieldType,
    category: CategoryCode,
    grade: Grade,
    piType: PersonalInfoType.nullable().default(null),
    policy: SharingPolicy,
  })
  .meta({ id: 'CatalogField' });
export type CatalogField = z.infer<typeof CatalogField>;

export const CatalogSpec = z.strictObject({
  name: keptText(2, 200),
  description: keptText(0, 2000).default(''),
  providerDepartment: DepartmentCode,
  sourceSystem: keptText(2, 100),
  shareType: ShareType,
  openType: OpenType,
  updateFrequency: UpdateFrequency,
  keyFields: z.array(FieldName).min(1).max(maxKeyFields),
  fields: z.array(CatalogField).min(1).max(maxCatalogFields),
});
export type CatalogSpec = z.infer<typeof CatalogSpec>;

export const CreateCatalogBody = CatalogSpec.extend({ code: CatalogCode }).meta({ id: 'CreateCatalog' });
export type CreateCatalogBody = z.infer<typeof CreateCatalogBody>;

export const UpdateCatalogBody = CatalogSpec.partial()
  .extend({ revision: z.int().min(0).describe('the revision of the draft, as last read') })
  .refine((b) => Object.keys(b).length > 1, 'nothing to change')
  .meta({ id: 'UpdateCatalog' });
export type UpdateCatalogBody = z.infer<typeof UpdateCatalogBody>;

export const Catalog = CatalogSpec.extend({
  code: CatalogCode,
  status: CatalogStatus,
  version: z.int().min(1),
  revision: z.int().min(0),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
}).meta({ id: 'Catalog' });
export type Catalog = z.infer<typeof Catalog>;

export const CatalogSearchQuery = z
  .object({
    q: searchText(100).optional(),
    provider: DepartmentCode.optional(),
    category: CategoryCode.optional(),
    grade: z.coerce.number().int().min(1).max(4).optional(),
    shareType: ShareType.optional(),
    status: CatalogStatus.optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .meta({ id: 'CatalogSearchQuery' });
export type CatalogSearchQuery = z.infer<typeof CatalogSearchQuery>;

/** Catalogs as listed: the fields are summarised, not repeated. */
export const CatalogSummary = Catalog.omit({ fields: true }).extend({ fieldCount: z.int() }).meta({ id: 'CatalogSummary' });
export const CatalogPage = z.object({ catalogs: z.array(CatalogSummary), total: z.int(), page: z.int(), size: z.int() }).meta({ id: 'CatalogPage' });
export type CatalogPage = z.infer<typeof CatalogPage>;

/** A row of a bulk import, as the gateway read it from the file. */
export const ImportRow = z.object({
  line: z.int().min(1),
  catalog: z.unknown(),
  /** CSV only: the line of each field's row, so a bad field is reported at its own line. */
  fieldLines: z.array(z.int().min(1)).optional(),
});
export const ImportBatch = z.object({ rows: z.array(ImportRow).min(1).max(500) });
export const RejectedRow = z.object({ line: z.int(), code: shownText().optional(), reason: shownText() });
export const ImportBatchResult = z.object({ accepted: z.int(), rejected: z.array(RejectedRow) });
export const ImportResult = z
  .object({ total: z.int(), accepted: z.int(), rejected: z.array(RejectedRow), elapsedMs: z.int() })
  .meta({ id: 'CatalogImportResult' });
export type ImportResult = z.infer<typeof ImportResult>;

/** One row of a data resource as a provider loads it: field name to value. */
/** A column as the file names it; matched against the catalog's field names, not kept. */
const ColumnName = code(/^.{1,200}$/su, 'a column name of 1 to 200 characters');
export const ResourceRow = z.object({ line: z.int().min(1), values: z.record(ColumnName, z.unknown()) });
export const LoadResourceBatch = z.object({
  catalogCode: CatalogCode,
  loadId: z.uuid(),
  /** Shown with every call that reads a row of the load. */
  sourceSystem: keptText(0, 100).optional(),
  rows: z.array(ResourceRow).min(1).max(2000),
});
export const LoadResult = z
  .object({ loadId: z.uuid(), total: z.int(), accepted: z.int(), rejected: z.array(RejectedRow), elapsedMs: z.int() })
  .meta({ id: 'ResourceLoadResult' });
export type LoadResult = z.infer<typeof LoadResult>;
