import { busAccess, diagnosticsAccess, inboxPrefixOf, prefixed, streamName, streamSubjects, type BusAccess, type BusApp } from '@igs/contracts';

/** A NATS user's permissions, as the server configuration writes them. */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
  /** May answer the requests it receives (publish once to their reply subject), nothing more. */
  allow_responses: boolean;
}

/**
 * The permissions of one app on a node's bus (its subject prefix), from what the contracts
 * say it serves, sends, owns and follows (busAccess). Nobody may subscribe to `>` or to
 * another app's inbox; only a stream's owner may publish its events or change it.
 */
export function natsPermissions(app: BusApp | 'diagnostics', prefix: string): NatsPermissions {
  const access: BusAccess = app === 'diagnostics' ? diagnosticsAccess : busAccess[app];
  const subject = (name: string) => prefixed(prefix, name);
  const publish = [...access.requests.map(subject)];
  const subscribe = [`${inboxPrefixOf(app)}.>`, ...access.serves.map((name) => `${subject(name)} ${app}`), ...access.hears.map(subject)];
  if (access.owns.length > 0 || access.follows.length > 0) publish.push('$JS.API.INFO');
  for (const stream of access.owns) publish.push(...streamSubjects(prefix, stream), ...ownerApi(streamName(prefix, stream)));
  for (const stream of access.follows) publish.push(...followerApi(streamName(prefix, stream)));
  return { publish: { allow: [...new Set(publish)] }, subscribe: { allow: subscribe }, allow_responses: access.serves.length > 0 };
}

/** The gateway also forwards the diagnostic echo route, where a deployment has diagnostics. */
export function withDiagnostics(permissions: NatsPermissions, prefix: string): NatsPermissions {
  return { ...permissions, publish: { allow: [...permissions.publish.allow, ...diagnosticsAccess.serves.map((name) => prefixed(prefix, name))] } };
}

/** Creating the stream, bringing its subjects and limits up to date, and purging its former subjects (event-streams.ts). */
function ownerApi(stream: string): string[] {
  return [`$JS.API.STREAM.INFO.${stream}`, `$JS.API.STREAM.CREATE.${stream}`, `$JS.API.STREAM.UPDATE.${stream}`, `$JS.API.STREAM.PURGE.${stream}`];
}

/**
 * What an ordered consumer does (stream-follower.ts): create itself (named, optionally with
 * its filter subject in the API subject), read its state, pull messages and go away; and
 * what its position check reads (stream-position-watch.ts): the stream's last event on the
 * follower's subjects.
 */
function followerApi(stream: string): string[] {
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.*`,
    `$JS.API.CONSUMER.DELETE.${stream}.*`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
  ];
}
