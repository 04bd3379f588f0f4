import { z } from 'zod';
import { defineRoute } from '../http/define-route.js';
import { CatalogCode, CatalogSearchQuery, CategoryCode, CreateCatalogBody } from './catalog.schema.js';
import { exchangeRequests } from './exchange.messages.js';
import { GuideCategoryBody } from './guide.schema.js';

const tag = 'exchange';
const read = { scopes: ['exchange:read'] } as const;
const edit = { scopes: ['exchange:catalog'] } as const;
const admin = { scopes: ['exchange:admin'] } as const;

export const exchangeRoutes = {
  createCatalog: defineRoute({
    method: 'POST',
    path: '/api/v1/exchange/catalogs',
    operationId: 'createCatalog',
    summary: "Create a draft catalog of the caller's department, with every field classified and graded",
    tag,
    access: edit,
    successStatus: 201,
    body: CreateCatalogBody,
    errorCodes: ['EXCHANGE.CATALOG_EXISTS', 'EXCHANGE.RULE_VIOLATION'],
    forward: exchangeRequests.createCatalog,
    toMessage: ({ body }) => body,
  }),
  searchCatalogs: defineRoute({
    method: 'GET',
    path: '/api/v1/exchange/catalogs',
    operationId: 'searchCatalogs',
    summary: 'Search catalogs by keyword, provider, category, grade, share type and status',
    tag,
    access: read,
    successStatus: 200,
    query: CatalogSearchQuery,
    errorCodes: [],
    forward: exchangeRequests.searchCatalogs,
    toMessage: ({ query }) => query,
  }),
  getCatalog: defineRoute({
    method: 'GET',
    path: '/api/v1/exchange/catalogs/{code}',
    operationId: 'getCatalog',
    summary: 'Get a catalog with its fields',
    tag,
    access: read,
    successStatus: 200,
    params: z.object({ code: CatalogCode }),
    errorCodes: ['EXCHANGE.CATALOG_NOT_FOUND'],
    forward: exchangeRequests.getCatalog,
    toMessage: ({ params }) => params,
  }),
  publishCatalog: defineRoute({
    method: 'POST',
    path: '/api/v1/exchange/catalogs/{code}/publish',
    operationId: 'publishCatalog',
    summary: 'Publish a draft catalog; its department becomes responsible for it',
    tag,
    access: edit,
    successStatus: 200,
    params: z.object({ code: CatalogCode }),
    body: z.strictObject({ revision: z.int().min(0), legalBasis: z.string().trim().min(2).max(2000).describe('the law that makes the department responsible for this data') }),
    errorCodes: ['EXCHANGE.CATALOG_NOT_FOUND', 'EXCHANGE.ALREADY_PUBLISHED', 'EXCHANGE.STALE_REVISION', 'EXCHANGE.RULE_VIOLATION'],
    forward: exchangeRequests.publishCatalog,
    toMessage: ({ params, body }) => ({ code: params.code, ...body }),
  }),
  listGuide: defineRoute({
    method: 'GET',
    path: '/api/v1/exchange/guide/categories',
    operationId: 'listGuideCategories',
    summary: 'The classification guide: categories and their minimum grades',
    tag,
    access: read,
    successStatus: 200,
    errorCodes: [],
    forward: exchangeRequests.listGuide,
    toMessage: () => ({}),
  }),
  putGuideCategory: defineRoute({
    method: 'PUT',
    path: '/api/v1/exchange/guide/categories/{code}',
    operationId: 'putGuideCategory',
    summary: 'Create or change a guide category; catalogs with fields in it are checked again',
    tag,
    access: admin,
    successStatus: 200,
    params: z.object({ code: CategoryCode }),
    body: GuideCategoryBody,
    errorCodes: [],
    forward: exchangeRequests.putGuideCategory,
    toMessage: ({ params, body }) => ({ ...body, code: params.code }),
  }),
};
