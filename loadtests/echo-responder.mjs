#!/usr/bin/env node
// The data-call benchmark's baseline: answers diagnostics.v1.echo with what it received,
// in the platform's reply envelope, with no logic at all.
import { readFileSync } from 'node:fs';
import { connect, nkeyAuthenticator } from '@nats-io/transport-node';

const prefix = process.env.SUBJECT_PREFIX ?? '';
// On the bench's closed bus it answers as the `diagnostics` user, in that user's queue group.
const seedFile = process.env.NATS_NKEY_SEED_FILE;
const authenticator = seedFile ? nkeyAuthenticator(new TextEncoder().encode(readFileSync(seedFile, 'utf8').trim())) : undefined;
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', authenticator, noAsyncTraces: true });
const decoder = new TextDecoder();
const encoder = new TextEncoder();
nc.subscribe(`${prefix ? `${prefix}.` : ''}diagnostics.v1.echo`, {
  queue: 'diagnostics',
  callback: (_error, msg) => msg.respond(encoder.encode(`{"ok":true,"data":${decoder.decode(msg.data)}}`)),
});
await nc.flush();
process.stdout.write('ready\n');
process.on('SIGTERM', () => nc.drain().then(() => process.exit(0)));
