import { z } from 'zod';
import { keptText } from '../common/kept-text.js';
import { code, searchText } from '../common/text.js';

export const itemKinds = ['administrative_licensing', 'administrative_confirmation', 'administrative_payment', 'public_service', 'other'] as const;
export const ItemKind = z.enum(itemKinds);
export type ItemKind = z.infer<typeof ItemKind>;
export const ItemLevel = z.enum(['region', 'city', 'county']);
export type ItemLevel = z.infer<typeof ItemLevel>;
export const ItemStatus = z.enum(['draft', 'published', 'withdrawn']);
export type ItemStatus = z.infer<typeof ItemStatus>;
export const ServiceChannel = z.enum(['web', 'mobile', 'counter']);
export type ServiceChannel = z.infer<typeof ServiceChannel>;
export const MaterialForm = z.enum(['original', 'copy', 'electronic_license']);

export const ItemCode = code(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'letters, digits, ".", "_" or "-", 2 to 64 characters').meta({ example: '150000-WJW-0001' });
export const DepartmentCode = code(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, 'upper-case letters, digits, "_" or "-", 2 to 32 characters').meta({ example: 'HEALTH' });
export const DivisionCode = code(/^(?!000000)\d{6}$/, 'a 6-digit administrative division code').meta({ example: '150000' });
/** Money is a decimal string in yuan, never a float. */
export const FeeAmount = code(/^(0|[1-9]\d{0,11})(\.\d{1,2})?$/, 'a decimal amount with at most 2 decimals');

export const Material = z
  .strictObject({
    name: keptText(1, 200),
    required: z.boolean(),
    form: MaterialForm,
    licenseTypeCode: code(/^[A-Za-z0-9._-]{2,64}$/, 'letters, digits, ".", "_" or "-", 2 to 64 characters').optional(),
  })
  .refine((m) => m.form !== 'electronic_license' || m.licenseTypeCode !== undefined, {
    path: ['licenseTypeCode'],
    message: 'required when form is electronic_license',
  })
  .meta({ id: 'Material' });
export type Material = z.infer<typeof Material>;

const WorkingDays = z.int().min(0).max(366);

/** The implementation specification of an item, as an editor writes it. */
export const ItemSpec = z.strictObject({
  name: keptText(2, 200),
  kind: ItemKind,
  departmentCode: DepartmentCode,
  level: ItemLevel,
  divisionCode: DivisionCode,
  legalBasis: keptText(2, 4000),
  materials: z.array(Material).max(100),
  statutoryDays: WorkingDays.describe('statutory time limit in working days'),
  promisedDays: WorkingDays.describe('promised time limit in working days, at most the statutory one'),
  fee: FeeAmount.nullable().describe('fee in yuan, or null when the item is free'),
  onlineDepth: z.int().min(0).max(4),
  channels: z
    .array(ServiceChannel)
    .min(1)
    .refine((c) => new Set(c).size === c.length, 'channels must not repeat'),
});
export type ItemSpec = z.infer<typeof ItemSpec>;

export const CreateItemBody = ItemSpec.extend({ code: ItemCode }).meta({ id: 'CreateItem' });
export type CreateItemBody = z.infer<typeof CreateItemBody>;

export const UpdateItemBody = ItemSpec.partial()
  .extend({
    revision: z.int().min(0).describe('the revision of the version being edited, as last read'),
  })
  .refine((b) => Object.keys(b).length > 1, 'nothing to change')
  .meta({ id: 'UpdateItem' });
export type UpdateItemBody = z.infer<typeof UpdateItemBody>;

export const PublishItemBody = z
  .strictObject({ revision: z.int().min(0).describe('the revision of the draft being published, as last read') })
  .meta({ id: 'PublishItem' });

export const WithdrawItemBody = z.strictObject({ reason: keptText(2, 1000) }).meta({ id: 'WithdrawItem' });

export const Item = ItemSpec.extend({
  code: ItemCode,
  version: z.int().min(1),
  revision: z.int().min(0),
  status: ItemStatus,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
  withdrawnAt: z.iso.datetime().nullable(),
}).meta({ id: 'Item' });
export type Item = z.infer<typeof Item>;

export const maxPageSize = 100;

export const ItemSearchQuery = z
  .object({
    q: searchText(100).optional().describe('words of the item name'),
    department: DepartmentCode.optional(),
    kind: ItemKind.optional(),
    level: ItemLevel.optional(),
    division: DivisionCode.optional(),
    status: ItemStatus.optional().describe('defaults to every status; each item appears once, as its newest version of that status'),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    size: z.coerce.number().int().min(1).max(maxPageSize).default(20),
  })
  .meta({ id: 'ItemSearchQuery' });
export type ItemSearchQuery = z.infer<typeof ItemSearchQuery>;

export const ItemPage = z.object({ items: z.array(Item), total: z.int().min(0), page: z.int().min(1), size: z.int().min(1) }).meta({ id: 'ItemPage' });
export type ItemPage = z.infer<typeof ItemPage>;
