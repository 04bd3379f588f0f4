import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { Arg, Copy, DockerfileParser, From, Label, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

// The image without Docker: the Dockerfile parsed and linted (dockerfile-utils, the checks
// VS Code's Docker support runs), its runtime stage's ports and labels, and the script that
// picks what the image ships run on a made-up tree and on this build.
const root = join(__dirname, '..', '..', '..', '..');
const dockerfile = readFileSync(join(root, 'deploy', 'container', 'Dockerfile'), 'utf8');
const collect = join(root, 'deploy', 'container', 'collect-dist.sh');
const scratch = mkdtempSync(join(tmpdir(), 'igs-image-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

function collectInto(source: string): { status: number | null; stderr: string; out: string } {
  const out = mkdtempSync(join(scratch, 'out-'));
  const run = spawnSync('sh', [collect, source, out], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr, out };
}

/** The instructions of the last stage, the one the image is. */
function runtimeStage(): Instruction[] {
  const instructions = DockerfileParser.parse(dockerfile).getInstructions();
  const last = instructions.map((instruction) => instruction instanceof From).lastIndexOf(true);
  return instructions.slice(last);
}

describe('the container image (deploy/container)', () => {
  it('lints clean', () => {
    assert.deepEqual(
      validate(dockerfile).map((problem) => `line ${problem.range.start.line + 1}: ${problem.message}`),
      [],
    );
  });

  it("exposes the HTTP ports and every app's health and metrics port, and runs as uid 1000", () => {
    const stage = runtimeStage();
    const exposed = stage
      .filter((instruction) => instruction.getKeyword() === 'EXPOSE')
      .flatMap((instruction) => instruction.getArguments().map((argument) => argument.getValue()));
    assert.deepEqual(exposed.sort(), ['3000', '3001', '8080', '8081', '8082', '8083']);
    assert.deepEqual(
      stage.filter((instruction) => instruction.getKeyword() === 'USER').map((instruction) => instruction.getArgumentsContent()),
      ['1000:1000'],
    );
  });

  it('labels the image with its source, revision, version and build time from build arguments', () => {
    const stage = runtimeStage();
    const args = new Set(stage.filter((instruction): instruction is Arg => instruction instanceof Arg).map((arg) => arg.getProperty()?.getName()));
    const labels = new Map(
      stage
        .filter((instruction): instruction is Label => instruction instanceof Label)
        .flatMap((label) => label.getProperties().map((property) => [property.getName(), property.getValue()] as const)),
    );
    for (const [label, arg] of [
      ['source', 'SOURCE'],
      ['revision', 'REVISION'],
      ['version', 'VERSION'],
      ['created', 'CREATED'],
    ]) {
      assert.equal(labels.get(`org.opencontainers.image.${label}`), `\${${arg}}`, `org.opencontainers.image.${label} comes from the build argument ${arg}`);
      assert.ok(args.has(arg), `the runtime stage declares ARG ${arg}`);
    }
    assert.equal(labels.get('org.opencontainers.image.licenses'), 'Apache-2.0');
  });

  it('collects with deploy/container/collect-dist.sh, in the build stage', () => {
    const runs = DockerfileParser.parse(dockerfile)
      .getInstructions()
      .filter((instruction) => instruction.getKeyword() === 'RUN')
      .map((instruction) => instruction.getArgumentsContent() ?? '');
    assert.ok(runs.includes('sh deploy/container/collect-dist.sh . /out'));
    const copies = runtimeStage().filter((instruction): instruction is Copy => instruction instanceof Copy);
    assert.ok(
      copies.some((copy) => copy.getFromFlag()?.getValue() === 'build' && copy.getArgumentsContent() === '/out/ ./'),
      'the runtime stage takes /out of the build stage',
    );
  });

  it('ships compiled apps and libraries with their source maps, and no test, spec, declaration or e2e file', () => {
    const tree = join(scratch, 'repo');
    const files = [
      'apps/item/dist/src/main.js',
      'apps/item/dist/src/main.js.map',
      'apps/item/dist/src/main.d.ts',
      'apps/item/dist/src/main.d.ts.map',
      'apps/item/dist/src/items/item.service.spec.js',
      'apps/item/dist/src/items/item.service.spec.js.map',
      'apps/item/dist/src/items/item.service.spec.d.ts',
      'apps/item/dist/test/items.e2e.spec.js',
      'apps/item/dist/test/fixture.js',
      'apps/item/dist/tsconfig.tsbuildinfo',
      'apps/item/src/main.ts',
      'libs/platform/dist/src/index.js',
      'libs/platform/dist/src/health/test-port.js',
      'libs/testing/dist/src/index.js',
      'e2e/platform/dist/test/k8s.spec.js',
    ];
    for (const file of files) {
      mkdirSync(dirname(join(tree, file)), { recursive: true });
      writeFileSync(join(tree, file), '');
    }
    const { status, stderr, out } = collectInto(tree);
    assert.equal(status, 0, stderr);
    assert.deepEqual(filesUnder(out), [
      'apps/item/dist/src/main.js',
      'apps/item/dist/src/main.js.map',
      'libs/platform/dist/src/health/test-port.js',
      'libs/platform/dist/src/index.js',
    ]);
  });

  it('refuses a tree with nothing built', () => {
    const empty = mkdtempSync(join(scratch, 'empty-'));
    const { status, stderr } = collectInto(empty);
    assert.notEqual(status, 0);
    assert.match(stderr, /no apps\/\*\/dist or libs\/\*\/dist folder was built/);
  });

  it("collects from this build every app's entry point and nothing only tests need", () => {
    const { status, stderr, out } = collectInto(root);
    assert.equal(status, 0, stderr);
    const shipped = filesUnder(out);
    for (const app of readdirSync(join(root, 'apps'))) assert.ok(shipped.includes(`apps/${app}/dist/src/main.js`), `apps/${app} is in the image`);
    assert.deepEqual(
      shipped.filter((file) => /\.spec\.|\.d\.ts|\/dist\/test\/|^libs\/testing\/|^e2e\//.test(file)),
      [],
    );
  });

  it("has a root .dockerignore identical to the Dockerfile's own", () => {
    assert.equal(readFileSync(join(root, '.dockerignore'), 'utf8'), readFileSync(join(root, 'deploy', 'container', 'Dockerfile.dockerignore'), 'utf8'));
  });
});
