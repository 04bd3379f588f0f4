import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpRoutes, listExports } from '@igs/contracts';
import { importPath } from '../exchange/catalog-import.controller.js';
import { resourcePath } from '../exchange/resource-load.controller.js';
import { buildOpenApiDocument } from './openapi-document.js';

describe(buildOpenApiDocument.name, () => {
  const document = buildOpenApiDocument('test') as any;

  it('documents every route with its parameters, body and problem answers', () => {
    for (const route of httpRoutes) {
      const operation = document.paths[route.path][route.method.toLowerCase()];
      const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      assert.deepEqual(
        operation.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name),
        pathParams,
      );
      assert.equal(Boolean(operation.requestBody), Boolean(route.body), route.operationId);
      for (const code of route.errorCodes) {
        assert.ok(
          Object.values(operation.responses).some((r: any) => String(r.description).includes(code)),
          `${route.operationId} documents ${code}`,
        );
      }
      assert.ok(operation.responses['400'] && operation.responses['503'] && operation.responses['504']);
      if ('public' in route.access) {
        assert.deepEqual(operation.security, []);
      } else {
        assert.ok(operation.responses['401'] && operation.responses['403'], `${route.operationId} documents 401 and 403`);
        assert.deepEqual(operation.security, [{ oauth2: [...route.access.scopes] }]);
      }
    }
  });

  it('has no reference that points nowhere', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    assert.ok(refs.length > 0);
    for (const ref of refs) assert.ok(document.components.schemas[ref], `${ref} is defined`);
  });

  it('describes the search query parameters with their limits', () => {
    const search = document.paths['/api/v1/items'].get;
    const size = search.parameters.find((p: any) => p.name === 'size');
    assert.equal(size.in, 'query');
    assert.equal(size.required, false);
    assert.equal(size.schema.maximum, 100);
  });
});

describe('the document around the routes', () => {
  const document = buildOpenApiDocument('test', undefined, { email: 'api@example.org', url: 'https://example.org/api' }) as any;
  const operations = Object.values(document.paths).flatMap((methods: any) => Object.values(methods)) as any[];

  it("names its server, its licence (the project's) and whom to ask", () => {
    const rootPackage = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'package.json'), 'utf8'));
    assert.equal(document.info.license.identifier, rootPackage.license);
    assert.deepEqual(document.info.contact, { name: 'Platform operations', email: 'api@example.org', url: 'https://example.org/api' });
    assert.deepEqual(buildOpenApiDocument('test').info, { ...document.info, contact: { name: 'Platform operations' } });
    assert.deepEqual(
      document.servers.map((server: any) => server.url),
      ['/'],
    );
  });

  it('describes the CSV exports with their access and columns', () => {
    assert.equal(listExports.length, 3);
    for (const entry of listExports) {
      const operation = document.paths[entry.path].get;
      assert.deepEqual(Object.keys(operation.responses['200'].content), ['text/csv']);
      assert.match(operation.responses['200'].description, new RegExp(entry.columns.join(', ')));
      // The controller serves the three under one route config: they must need the same scopes.
      assert.deepEqual(operation.security, [{ oauth2: [...listExports[0].scopes] }]);
      assert.ok(operation.responses['401'] && operation.responses['403'] && operation.responses['429']);
    }
    assert.deepEqual(
      Object.keys(document.paths)
        .filter((path) => path.endsWith('/export.csv'))
        .sort(),
      ['/api/v1/exchange/docking/export.csv', '/api/v1/exchange/negative/export.csv', '/api/v1/exchange/responsibilities/export.csv'],
    );
  });

  it('describes the upload routes', () => {
    assert.equal(document.paths[importPath].post.operationId, 'importCatalogs');
    assert.ok(document.paths[importPath].post.requestBody.content['text/csv']);
    assert.equal(document.paths[resourcePath].post.operationId, 'loadResource');
  });

  it('names the ids on every answer, Retry-After on every 429 and 503, and the rate limit on admitted answers', () => {
    for (const operation of operations) {
      for (const [status, response] of Object.entries(operation.responses) as [string, any][]) {
        const headers = Object.keys(response.headers ?? {});
        assert.ok(headers.includes('x-request-id') && headers.includes('x-trace-id'), `${operation.operationId} ${status}`);
        assert.equal(headers.includes('Retry-After'), status === '429' || status === '503', `${operation.operationId} ${status}`);
        if (status === '200' || status === '429')
          assert.ok(headers.includes('RateLimit') && headers.includes('RateLimit-Policy'), `${operation.operationId} ${status}`);
      }
    }
    for (const ref of JSON.stringify(document).matchAll(/"\$ref":"#\/components\/headers\/([^"]+)"/g)) assert.ok(document.components.headers[ref[1]], ref[1]);
  });

  it('keeps no schema nothing refers to', () => {
    const referenced = new Set([...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]));
    assert.deepEqual(
      Object.keys(document.components.schemas).filter((name) => !referenced.has(name)),
      [],
    );
  });
});

describe('security schemes', () => {
  it('point at the identity service token endpoint', () => {
    const document = buildOpenApiDocument('test', 'https://id.example.org/oidc') as any;
    assert.equal(document.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl, 'https://id.example.org/oidc/token');
  });
});
