#!/usr/bin/env node
// Makes a deployment's bus credentials and the nats-server authorization generated from the
// contracts, into one folder:
//   keys/<app>.nk     each app's nkey seed (a secret: one Kubernetes Secret per app)
//   bus.conf          accounts, users and permissions, for nats-server to `include`
//   caller-keys       the value of BUS_CALLER_KEYS (public keys: a ConfigMap)
//
//   npm run bus:config -- --out <dir> [--prefix 150000]   make or refresh (keys are kept)
//   npm run bus:config -- --out <dir> --rotate gateway      new key for an app, old one kept
//   npm run bus:config -- --out <dir> --retire gateway      drop the old key: rotation done
//
// Run it again after every change of the contracts' subjects, and reload nats-server.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { busAuthorization, retireBusKey, rotateBusKey } from './stack/bus.mjs';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    prefix: { type: 'string', default: '' },
    rotate: { type: 'string' },
    retire: { type: 'string' },
  },
});
if (!values.out) {
  console.error('usage: npm run bus:config -- --out <dir> [--prefix <division code>] [--rotate <app> | --retire <app>]');
  process.exit(2);
}
const keysDir = join(values.out, 'keys');
if (values.rotate) await rotateBusKey(keysDir, values.rotate);
if (values.retire) retireBusKey(keysDir, values.retire);
const { config, callerKeys } = await busAuthorization({ keysDir, prefix: values.prefix });
writeFileSync(join(values.out, 'bus.conf'), config);
writeFileSync(join(values.out, 'caller-keys'), `${callerKeys}\n`);
console.log(`wrote ${join(values.out, 'bus.conf')}, ${join(values.out, 'caller-keys')} and the seeds in ${keysDir}`);
