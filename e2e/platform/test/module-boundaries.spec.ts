import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..', '..');
const env = { ...process.env, NX_DAEMON: 'false' };

/** Lints a piece of code as if it were a file of the given project, and returns the rules it breaks. */
function brokenRules(filePath: string, code: string): string[] {
  const run = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: root,
    input: code,
    env,
  });
  assert.ok(run.stdout.length > 0, `eslint printed no report: ${run.stderr.toString()}`);
  const [result] = JSON.parse(run.stdout.toString()) as { messages: { ruleId: string | null; severity: number }[] }[];
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'parse');
}

describe('module boundaries', { timeout: 120_000 }, () => {
  before(() => {
    // The Nx rule reads the cached project graph and silently skips without one.
    const graph = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], { cwd: root, env });
    assert.equal(graph.status, 0, graph.stderr.toString());
  });

  it('refuses an app importing another app', () => {
    assert.deepEqual(brokenRules('apps/gateway/src/boundary-probe.ts', "import { createItemApp } from '@igs/item';\nexport const probe = createItemApp;\n"), [
      '@nx/enforce-module-boundaries',
    ]);
  });

  it('refuses contracts importing the platform library', () => {
    assert.deepEqual(brokenRules('libs/contracts/src/boundary-probe.ts', "import { AppError } from '@igs/platform';\nexport const probe = AppError;\n"), [
      '@nx/enforce-module-boundaries',
    ]);
  });

  it('lets an app import the shared libraries', () => {
    assert.deepEqual(brokenRules('apps/gateway/src/boundary-probe.ts', "import { AppError } from '@igs/platform';\nexport const probe = AppError;\n"), []);
  });
});
