import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { buildOpenApiDocument } from './openapi-document.js';

const run = promisify(execFile);
const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');

interface LintTotals {
  errors: number;
  warnings: number;
}

/** Lints a document with Redocly's recommended rules (no redocly.yaml: none is tuned), offline. */
async function lint(
  dir: string,
  name: string,
  document: Record<string, unknown>,
): Promise<{ totals: LintTotals; problems: { ruleId: string; message: string }[] }> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(document));
  // The CLI exits 1 when it finds errors; its JSON report is on stdout either way.
  const { stdout } = await run(process.execPath, [cli, 'lint', file, '--format=json'], {
    cwd: dir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    timeout: 30_000,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return JSON.parse(stdout);
}

describe('the OpenAPI document under Redocly lint', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('has no error and no warning under the recommended rules', async () => {
    const report = await lint(dir, 'openapi.json', buildOpenApiDocument('1.0.0', 'https://id.example.org/oidc', { email: 'api@example.org' }));
    assert.deepEqual(
      report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`),
      [],
    );
    assert.equal(report.totals.errors, 0);
  });

  it('would report a document without servers', async () => {
    const { servers: _servers, ...document } = buildOpenApiDocument('1.0.0');
    const report = await lint(dir, 'no-servers.json', document);
    assert.ok(report.totals.errors > 0);
    assert.ok(report.problems.some((problem) => problem.ruleId === 'no-empty-servers'));
  });
});
