import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpRoutes } from '@igs/contracts';
import { buildOpenApiDocument } from './openapi-document.js';

describe(buildOpenApiDocument.name, () => {
  const document = buildOpenApiDocument('test') as any;

  it('documents every route with its parameters, body and problem answers', () => {
    for (const route of httpRoutes) {
      const operation = document.paths[route.path][route.method.toLowerCase()];
      const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      assert.deepEqual(operation.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name), pathParams);
      assert.equal(Boolean(operation.requestBody), Boolean(route.body), route.operationId);
      for (const code of route.errorCodes) {
        assert.ok(Object.values(operation.responses).some((r: any) => String(r.description).includes(code)), `${route.operationId} documents ${code}`);
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

describe('security schemes', () => {
  it('point at the identity service token endpoint', () => {
    const document = buildOpenApiDocument('test', 'https://id.example.org/oidc') as any;
    assert.equal(document.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl, 'https://id.example.org/oidc/token');
  });
});
