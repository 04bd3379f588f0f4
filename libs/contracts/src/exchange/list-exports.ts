import { scopes, type Scope } from '../identity/identity.schema.js';
import type { RequestDefinition } from '../messaging/define.js';
import { exchangeRequests } from './exchange.messages.js';

/**
 * The CSV exports of the three lists. The gateway answers them with a controller of its own
 * (it reads the list page by page into one file), so they are not forwarded routes; this is
 * the one place their paths, access and columns are named, for the controller and the API
 * document alike.
 */
export interface ListExport {
  readonly list: 'docking' | 'negative' | 'responsibilities';
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly scopes: readonly Scope[];
  /** The list read page by page; its reply has `entries` and `total`. */
  readonly request: RequestDefinition;
  /** The CSV columns in order, with a header row; array values are joined with ";". */
  readonly columns: readonly string[];
}

const read = [scopes.exchangeRead];

export const listExports: readonly ListExport[] = [
  {
    list: 'docking',
    path: '/api/v1/exchange/docking/export.csv',
    operationId: 'exportDocking',
    summary: 'The supply-demand docking list as CSV',
    scopes: read,
    request: exchangeRequests.listDocking,
    columns: [
      'id',
      'catalogCode',
      'providerDepartment',
      'consumerDepartment',
      'consumerApp',
      'fields',
      'purpose',
      'legalBasis',
      'validFrom',
      'validTo',
      'dailyQuota',
      'status',
      'statusReason',
      'createdAt',
    ],
  },
  {
    list: 'negative',
    path: '/api/v1/exchange/negative/export.csv',
    operationId: 'exportNegative',
    summary: 'The negative list as CSV',
    scopes: read,
    request: exchangeRequests.listNegative,
    columns: ['id', 'catalogCode', 'field', 'legalBasis', 'setBy', 'createdAt'],
  },
  {
    list: 'responsibilities',
    path: '/api/v1/exchange/responsibilities/export.csv',
    operationId: 'exportResponsibilities',
    summary: 'The responsibility list as CSV',
    scopes: read,
    request: exchangeRequests.listResponsibilities,
    columns: ['catalogCode', 'catalogName', 'departmentCode', 'fields', 'legalBasis', 'createdAt'],
  },
];
