import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestIdPattern } from '@igs/contracts';
import { requestIdOf } from './request-tracing.js';

describe(requestIdOf.name, () => {
  it("keeps a caller's sane request id", () => {
    assert.equal(requestIdOf({ 'x-request-id': 'dept-42.call-7' }), 'dept-42.call-7');
  });

  it("makes one of the request ids' own form for a request without a sane one, an ID number included", () => {
    for (const headers of [{}, { 'x-request-id': '150105199208152347' }, { 'x-request-id': 'a b' }]) {
      const made = new Set(Array.from({ length: 20_000 }, () => requestIdOf(headers)));
      assert.equal(made.size, 20_000, 'each one new');
      for (const id of made) assert.match(id, requestIdPattern);
    }
  });
});
