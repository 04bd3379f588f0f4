import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requiredNodeVersion, tooOldNode } from './node-version.js';

describe(tooOldNode.name, () => {
  it('reads the oldest Node.js from the root package.json engines', () => {
    assert.equal(requiredNodeVersion(), '24.11');
  });

  it('refuses an older Node.js, saying which is needed, and takes the same or a newer one', () => {
    assert.match(tooOldNode('20.20.2', '24.11') ?? '', /Node\.js 20\.20\.2 is too old: the platform needs Node\.js 24\.11 or newer/);
    assert.ok(tooOldNode('24.10.9', '24.11'));
    for (const running of ['24.11.0', '24.21.0', '25.0.0']) assert.equal(tooOldNode(running, '24.11'), undefined, running);
  });
});
