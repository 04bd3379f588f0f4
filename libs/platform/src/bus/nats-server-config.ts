import { busApps, diagnosticsApp, type BusApp } from '@igs/contracts';
import { natsPermissions, withDiagnostics, type NatsPermissions } from './nats-permissions.js';

export interface NatsServerConfigOptions {
  /** The node's subject prefix (empty for none), as the apps' SUBJECT_PREFIX. */
  prefix: string;
  /** The public nkey (`U…`) of each app; each may list more than one while a key is rotated. */
  users: Readonly<Record<BusApp, string | readonly string[]>>;
  /** Public nkeys of the benchmark's echo responder: also lets the gateway forward to it. */
  diagnostics?: string;
  /** Users with every permission, for tests that inspect the bus: never in a deployment. */
  inspectors?: readonly string[];
  /** The server's certificate and key, and the CA whose client certificates it checks (optional). */
  tls?: { certFile: string; keyFile: string; caFile?: string; verifyClients?: boolean };
}

/**
 * The part of nats-server's configuration that closes the bus: one account with JetStream,
 * one nkey user per app with the permissions the contracts give it, and no user without
 * credentials. The caller adds where it listens and stores (`listen`, `jetstream`).
 */
export function natsServerConfig(options: NatsServerConfigOptions): string {
  const users: { nkey: string; permissions?: NatsPermissions }[] = [];
  for (const app of busApps) {
    let permissions = natsPermissions(app, options.prefix);
    if (app === 'gateway' && options.diagnostics) permissions = withDiagnostics(permissions, options.prefix);
    for (const nkey of [options.users[app]].flat()) users.push({ nkey, permissions });
  }
  if (options.diagnostics) users.push({ nkey: options.diagnostics, permissions: natsPermissions(diagnosticsApp, options.prefix) });
  for (const nkey of options.inspectors ?? []) users.push({ nkey });
  const lines = [
    '# Generated from the contracts (libs/contracts busAccess) by natsServerConfig: do not edit by hand.',
    'accounts {',
    '  IGS {',
    '    jetstream: enabled',
    `    users: ${JSON.stringify(users, null, 2).replace(/\n/g, '\n    ')}`,
    '  }',
    '}',
  ];
  if (options.tls) {
    const { certFile, keyFile, caFile, verifyClients } = options.tls;
    lines.push('tls {', `  cert_file: ${JSON.stringify(certFile)}`, `  key_file: ${JSON.stringify(keyFile)}`);
    if (caFile) lines.push(`  ca_file: ${JSON.stringify(caFile)}`);
    if (verifyClients) lines.push('  verify: true');
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

/** BUS_CALLER_KEYS for the apps: every public nkey each app may sign with. */
export function busCallerKeys(users: Readonly<Record<BusApp, string | readonly string[]>>): string {
  return busApps.flatMap((app) => [users[app]].flat().map((key) => `${app}=${key}`)).join(',');
}
