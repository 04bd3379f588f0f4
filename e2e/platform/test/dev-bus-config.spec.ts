import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..', '..');
const devBus = join(root, 'k8s', 'overlays', 'dev', 'bus');

describe('the dev overlay bus configuration', () => {
  it('is what the contracts generate for its keys: a new subject is not forgotten there', async () => {
    // The stack tools are ES modules; a variable keeps TypeScript from resolving the path.
    const tools = join(root, 'tools', 'stack', 'bus.mjs');
    const { busAuthorization } = (await import(tools)) as { busAuthorization(options: { keysDir: string }): Promise<{ config: string; callerKeys: string }> };
    const { config, callerKeys } = await busAuthorization({ keysDir: join(devBus, 'keys') });
    assert.equal(readFileSync(join(devBus, 'bus.conf'), 'utf8'), config, 'run `npm run bus:config -- --out k8s/overlays/dev/bus`');
    assert.equal(readFileSync(join(devBus, 'caller-keys'), 'utf8').trim(), callerKeys);
  });
});
