import { z } from 'zod';
import { keptText } from '../common/kept-text.js';
import { code, personalText, shownText } from '../common/text.js';
import { requestIdPattern } from '../messaging/headers.js';
import { CatalogCode, FieldName, maxCatalogFields, maxKeyFields, SharingPolicy } from './catalog.schema.js';

/** Key values and values to verify are personal values: the exchange only tokenises them. */
const FieldValue = z.union([personalText(4000), z.number(), z.boolean()]);
/** Values by field name, no more than a catalog can have: a call naming thousands is refused whole. */
const FieldValues = (most: number) =>
  z
    .record(FieldName, FieldValue)
    .refine((values) => Object.keys(values).length <= most, `at most ${most} fields`)
    .meta({ maxProperties: most });
const KeyValues = FieldValues(maxKeyFields).describe('clear values of the catalog key fields');

/** Why the caller asks: the audit keeps it as written (see keptText). */
const CallPurpose = keptText(2, 200).describe('why the data is needed; kept in the audit as written, so it may not hold an ID, card or phone number');

/** A data call: the caller gives key values in clear; the service tokenises them to look up. */
export const DataQueryBody = z
  .strictObject({
    keys: KeyValues,
    fields: z.array(FieldName).min(1).max(maxCatalogFields),
    purpose: CallPurpose,
  })
  .meta({ id: 'DataQuery' });
export type DataQueryBody = z.infer<typeof DataQueryBody>;

export const DataVerifyBody = z
  .strictObject({
    keys: KeyValues,
    values: FieldValues(maxCatalogFields).refine((values) => Object.keys(values).length > 0, 'give at least one value to verify'),
    purpose: CallPurpose,
  })
  .meta({ id: 'DataVerify' });
export type DataVerifyBody = z.infer<typeof DataVerifyBody>;

export const DataQueryResult = z
  .object({
    callId: z.uuid(),
    rows: z.array(z.record(shownText(), z.union([shownText(), z.number(), z.boolean(), z.null()]))),
    policies: z.record(shownText(), SharingPolicy).describe('how each returned field was rendered for this caller'),
  })
  .meta({ id: 'DataQueryResult' });
export type DataQueryResult = z.infer<typeof DataQueryResult>;

export const DataVerifyResult = z
  .object({ callId: z.uuid(), found: z.boolean(), matches: z.record(shownText(), z.boolean()) })
  .meta({ id: 'DataVerifyResult' });
export type DataVerifyResult = z.infer<typeof DataVerifyResult>;

export const CallRequest = <B extends z.ZodType>(body: B) => z.object({ catalogCode: CatalogCode, body });

export const CallListQuery = z
  .object({
    role: z.enum(['consumer', 'provider']).default('consumer').describe("the caller's department's own calls, or the calls on its catalogs"),
    catalog: CatalogCode.optional(),
    outcome: z.enum(['allowed', 'denied']).optional(),
    requestId: code(requestIdPattern, 'letters, digits, ".", "_", ":" or "-", up to 64 characters, and no 11 digits in a row')
      .optional()
      .describe('the X-Request-Id the call was made with'),
    callId: z.uuid().optional().describe('the callId of its answer'),
    from: z.iso.datetime().optional().describe('default: 24 hours ago'),
    to: z.iso.datetime().optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    size: z.coerce.number().int().min(1).max(500).default(50),
  })
  .meta({ id: 'CallListQuery' });
export type CallListQuery = z.infer<typeof CallListQuery>;

export const CallRecord = z
  .object({
    callId: z.uuid(),
    requestId: shownText().nullable(),
    at: z.iso.datetime(),
    kind: z.enum(['query', 'verify']),
    consumerDepartment: shownText().nullable(),
    consumerApp: shownText().nullable(),
    providerDepartment: shownText().nullable(),
    catalogCode: shownText(),
    fieldsRequested: z.array(shownText()),
    fieldsReturned: z.array(shownText()),
    policies: z.record(shownText(), shownText()),
    purpose: shownText(),
    rowCount: z.int(),
    outcome: z.enum(['allowed', 'denied']),
    denialCode: shownText().nullable(),
    latencyMs: z
      .number()
      .describe('milliseconds from the call reaching the exchange until its record went to the database, in the statement that also read its row'),
    traceId: shownText().nullable(),
    source: z
      .object({
        batchId: z.uuid(),
        loadId: z.uuid(),
        sourceSystem: shownText(),
        loadedAt: z.iso.datetime(),
      })
      .nullable()
      .describe('where the row the call read came from: its load batch, the load, the source system and the time it was loaded; null when no row was read'),
  })
  .meta({ id: 'CallRecord' });
export const CallPage = z.object({ calls: z.array(CallRecord), total: z.int(), page: z.int(), size: z.int() }).meta({ id: 'CallPage' });
