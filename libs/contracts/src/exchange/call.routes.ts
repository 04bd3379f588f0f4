import { z } from 'zod';
import { defineRoute } from '../http/define-route.js';
import { dataCallDenials } from './call-denials.js';
import { CallListQuery, DataQueryBody, DataVerifyBody } from './call.schema.js';
import { CatalogCode } from './catalog.schema.js';
import { exchangeRequests } from './exchange.messages.js';

const call = { scopes: ['data:call'] } as const;

/** The data-call path: every call is authorised against the docking and negative lists, and audited. */
export const callRoutes = {
  query: defineRoute({
    method: 'POST',
    path: '/api/v1/data/{catalogCode}/query',
    operationId: 'queryData',
    summary: "Read fields of a catalog's row by its key, each rendered by its policy for the caller",
    tag: 'data',
    access: call,
    successStatus: 200,
    noStore: true,
    params: z.object({ catalogCode: CatalogCode }),
    body: DataQueryBody,
    errorCodes: dataCallDenials,
    forward: exchangeRequests.query,
    toMessage: ({ params, body }) => ({ catalogCode: params.catalogCode, body }),
  }),
  verify: defineRoute({
    method: 'POST',
    path: '/api/v1/data/{catalogCode}/verify',
    operationId: 'verifyData',
    summary: 'Check given values against a row: only match true or false per field (usable but invisible)',
    tag: 'data',
    access: call,
    successStatus: 200,
    noStore: true,
    params: z.object({ catalogCode: CatalogCode }),
    body: DataVerifyBody,
    errorCodes: dataCallDenials,
    forward: exchangeRequests.verify,
    toMessage: ({ params, body }) => ({ catalogCode: params.catalogCode, body }),
  }),
  listCalls: defineRoute({
    method: 'GET',
    path: '/api/v1/exchange/calls',
    operationId: 'listCalls',
    summary: "The audit of data calls: the department's own calls, or the calls on its catalogs",
    tag: 'data',
    access: { scopes: ['exchange:read'] },
    successStatus: 200,
    query: CallListQuery,
    errorCodes: [],
    forward: exchangeRequests.listCalls,
    toMessage: ({ query }) => query,
  }),
};
