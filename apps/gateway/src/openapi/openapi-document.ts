import {
  httpRoutes,
  ImportResult,
  listExports,
  LoadResult,
  Problem,
  problemContentType,
  Scope,
  statusOf,
  type ErrorCode,
  type ListExport,
  type RouteDefinition,
} from '@igs/contracts';
import { importPath } from '../exchange/catalog-import.controller.js';
import { resourcePath } from '../exchange/resource-load.controller.js';
import type { z } from 'zod';
import { SchemaCollector } from './json-schema.js';
import { responseHeaders, withResponseHeaders } from './response-headers.js';
import { withoutUnusedSchemas } from './unused-schemas.js';

type Json = Record<string, unknown>;

const authenticationErrors: ErrorCode[] = ['AUTH.UNAUTHENTICATED', 'AUTH.FORBIDDEN'];
const commonErrors: ErrorCode[] = ['PLATFORM.RATE_LIMITED', 'PLATFORM.SERVICE_UNAVAILABLE', 'PLATFORM.DATABASE_UNAVAILABLE', 'PLATFORM.UPSTREAM_TIMEOUT'];

/** Who answers for the API, as the deployment names them (GATEWAY's API_CONTACT_* settings). */
export interface ApiContact {
  email?: string;
  url?: string;
}

/** The OpenAPI 3.1 document of the gateway, built from the same route definitions that validate requests. */
export function buildOpenApiDocument(version: string, issuer = 'http://127.0.0.1:3001/oidc', contact: ApiContact = {}): Json {
  const schemas = new SchemaCollector();
  const problemRef = schemas.convert(Problem, 'output');
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of httpRoutes) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operationOf(route, schemas, problemRef);
  }
  paths[importPath] = { post: importOperation(schemas, problemRef) };
  paths[resourcePath] = { post: resourceOperation(schemas, problemRef) };
  for (const entry of listExports) paths[entry.path] = { get: exportOperation(entry, problemRef) };
  for (const operations of Object.values(paths)) for (const operation of Object.values(operations)) withResponseHeaders(operation);
  return withoutUnusedSchemas({
    openapi: '3.1.0',
    info: {
      title: 'Integrated government services',
      version,
      description:
        'The platform gateway. Every error is application/problem+json (RFC 9457) with a stable `code`; ' +
        'every response carries `x-request-id` and `x-trace-id`; every rate-limited answer carries `RateLimit` and `RateLimit-Policy` ' +
        '(draft-ietf-httpapi-ratelimit-headers), and 429 and 503 answers `Retry-After`.',
      // The project's licence, as its package.json declares it (a spec keeps the two equal).
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
      contact: { name: 'Platform operations', ...(contact.email ? { email: contact.email } : {}), ...(contact.url ? { url: contact.url } : {}) },
    },
    // Relative: the API is at the same origin as this document, whatever name or proxy it is reached through.
    servers: [{ url: '/', description: 'the gateway that serves this document' }],
    paths,
    components: { schemas: schemas.components, headers: responseHeaders, securitySchemes: securitySchemes(issuer) },
  });
}

function operationOf(route: RouteDefinition, schemas: SchemaCollector, problemRef: Json): Json {
  const parameters = [
    ...parametersOf(route.params, 'path', schemas),
    ...parametersOf(route.query, 'query', schemas),
    ...(route.acceptsIdempotencyKey
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'retries with the same key get the first answer',
            schema: { type: 'string', minLength: 8, maxLength: 128 },
          },
        ]
      : []),
  ];
  const responses: Record<string, Json> = {
    [route.successStatus]: {
      description: 'Success',
      content: { 'application/json': { schema: schemas.convert(route.forward.reply, 'output') } },
    },
  };
  const problem = { content: { [problemContentType]: { schema: problemRef } } };
  const authErrors: ErrorCode[] = 'public' in route.access ? [] : [...authenticationErrors];
  const minAcr = 'public' in route.access ? undefined : route.access.minAcr;
  if (minAcr !== undefined) authErrors.push('AUTH.INSUFFICIENT_USER_AUTHENTICATION');
  const codes: ErrorCode[] = [...route.errorCodes, 'PLATFORM.VALIDATION', ...authErrors, ...commonErrors];
  for (const code of codes) {
    const status = String(statusOf(code));
    const existing = responses[status] as { description?: string } | undefined;
    responses[status] = { ...problem, description: existing?.description ? `${existing.description}, ${code}` : code };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(minAcr !== undefined
      ? { description: `Needs a sign-in of assurance level ${minAcr} or more (\`acr\`); a weaker one gets 401 with the \`acr_values\` to sign in again with.` }
      : {}),
    tags: [route.tag],
    security: 'public' in route.access ? [] : [{ oauth2: [...route.access.scopes] }],
    parameters,
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemas.convert(route.body, 'input') } } } } : {}),
    responses,
  };
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query', schemas: SchemaCollector): Json[] {
  if (!schema) return [];
  const converted = schemas.convert(schema, 'input');
  const resolved = (converted.$ref ? schemas.components[String(converted.$ref).split('/').pop()!] : converted) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(resolved.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (resolved.required ?? []).includes(name),
    description: property.description,
    schema: property,
  }));
}

function securitySchemes(issuer: string): Json {
  const base = issuer.replace(/\/$/, '');
  const scopes = Object.fromEntries(Scope.options.map((scope) => [scope, scope]));
  return {
    oauth2: {
      type: 'oauth2',
      description: 'Department apps use client credentials; people sign in with the authorization code flow and PKCE.',
      flows: {
        clientCredentials: { tokenUrl: `${base}/token`, scopes },
        authorizationCode: { authorizationUrl: `${base}/auth`, tokenUrl: `${base}/token`, scopes },
      },
    },
  };
}

/** The bulk import takes a file, not JSON, so it is described here rather than from a route definition. */
function importOperation(schemas: SchemaCollector, problemRef: Json): Json {
  const problem = { content: { [problemContentType]: { schema: problemRef } } };
  return {
    operationId: 'importCatalogs',
    summary: 'Import catalogs in bulk: every valid row becomes a draft, every invalid row is reported with its line and reason',
    description:
      'NDJSON: one catalog (as in createCatalog) per line. CSV: one row per field with the columns code, name, description, provider_department, source_system, share_type, open_type, update_frequency, key_fields (separated by ";"), field_name, field_label, field_type, field_category, field_grade, field_pi_type, field_policy; the catalog columns are repeated on each of its rows.',
    tags: ['exchange'],
    security: [{ oauth2: ['exchange:catalog'] }],
    requestBody: {
      required: true,
      content: { 'application/x-ndjson': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } },
    },
    responses: {
      200: { description: 'Success', content: { 'application/json': { schema: schemas.convert(ImportResult, 'output') } } },
      401: { ...problem, description: 'AUTH.UNAUTHENTICATED' },
      403: { ...problem, description: 'AUTH.FORBIDDEN' },
      408: { ...problem, description: 'PLATFORM.REQUEST_TIMEOUT (the upload paused longer than the gateway waits)' },
      413: {
        ...problem,
        description: 'PLATFORM.PAYLOAD_TOO_LARGE (the file is over the import limit, or a line over half of what a bus message holds: its line is named)',
      },
      415: { ...problem, description: 'PLATFORM.UNSUPPORTED_MEDIA_TYPE' },
      429: { ...problem, description: 'PLATFORM.RATE_LIMITED' },
      503: { ...problem, description: 'PLATFORM.SERVICE_UNAVAILABLE, PLATFORM.DATABASE_UNAVAILABLE' },
      504: { ...problem, description: 'PLATFORM.UPSTREAM_TIMEOUT' },
    },
  };
}

function resourceOperation(schemas: SchemaCollector, problemRef: Json): Json {
  const base = importOperation(schemas, problemRef);
  return {
    ...base,
    operationId: 'loadResource',
    summary: "Load rows of a catalog's data resource, upserted by the catalog's key fields",
    description:
      'NDJSON: one object of field values per line. CSV: the field names as header. Personal fields are stored only as keyed tokens and, where their policy may return them, sealed. An `X-Source-System` header names where the rows come from.',
    parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      ...(base.responses as Json),
      200: { description: 'Success', content: { 'application/json': { schema: schemas.convert(LoadResult, 'output') } } },
      404: { description: 'EXCHANGE.CATALOG_NOT_FOUND', content: { [problemContentType]: { schema: problemRef } } },
    },
  };
}

/** A list's CSV export: read page by page by the gateway's own controller, so described here. */
function exportOperation(entry: ListExport, problemRef: Json): Json {
  const problem = { content: { [problemContentType]: { schema: problemRef } } };
  const responses: Record<string, Json> = {
    200: {
      description: `Success: a header row, then one row per entry with the columns ${entry.columns.join(', ')}; several values in a cell are separated by ";"`,
      content: { 'text/csv': { schema: { type: 'string' } } },
    },
  };
  for (const code of [...authenticationErrors, ...commonErrors]) {
    const status = String(statusOf(code));
    const existing = responses[status] as { description?: string } | undefined;
    responses[status] = { ...problem, description: existing?.description ? `${existing.description}, ${code}` : code };
  }
  return {
    operationId: entry.operationId,
    summary: entry.summary,
    description:
      'The whole list in one file, as an attachment named after the list. UTF-8 with a byte order mark, every cell quoted; a cell that would start a spreadsheet formula gets a leading single quote, so it reads as text.',
    tags: ['exchange'],
    security: [{ oauth2: [...entry.scopes] }],
    responses,
  };
}
