// Refuses to go on with a Node.js older than the root package.json's `engines.node`, with a
// message saying how to get a newer one, before anything is built or started.
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const required = /^>=\s*(\d+(?:\.\d+)*)$/.exec(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).engines?.node ?? '')?.[1] ?? '0';

/** Negative when version a is older than b, 0 when equal, positive when newer. */
function compare(a, b) {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

if (compare(process.versions.node, required) < 0) {
  process.stderr.write(
    `Node.js ${process.versions.node} is too old: the platform needs Node.js ${required} or newer.\n` +
      '  Without a system-wide upgrade: npm install --prefix ~/.local/node24 node@24\n' +
      '  then put ~/.local/node24/node_modules/.bin first on PATH (README, "Quick start").\n',
  );
  process.exit(1);
}
