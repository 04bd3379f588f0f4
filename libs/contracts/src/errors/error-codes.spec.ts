import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteDefinition } from '../http/define-route.js';
import { errorCatalog, isErrorCode, statusOf, type ErrorCode } from './error-codes.js';

describe('the error catalog', () => {
  it('is the only list of codes: a route names only codes it holds, each with its status', () => {
    const codes: RouteDefinition['errorCodes'] = ['EXCHANGE.CATALOG_EXISTS', 'EXCHANGE.RULE_VIOLATION'];
    // @ts-expect-error a code the catalog does not hold does not compile (TS2820: did you mean 'EXCHANGE.CATALOG_EXISTS'?)
    const misspelled: RouteDefinition['errorCodes'] = ['EXCHANGE.CATALOG_EXIST'];
    assert.deepEqual(codes.map(statusOf), [409, 409]);
    assert.equal(isErrorCode(misspelled[0]!), false);
  });

  it('gives every code a status the gateway may answer, and a title', () => {
    for (const code of Object.keys(errorCatalog) as ErrorCode[]) {
      assert.match(code, /^[A-Z]+\.[A-Z_]+$/);
      assert.ok(statusOf(code) >= 400 && statusOf(code) < 600, code);
      assert.ok(errorCatalog[code].title.length > 0, code);
    }
  });
});
