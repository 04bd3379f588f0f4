import { exchangeRequests } from '../exchange/exchange.messages.js';
import { httpRoutes } from '../http/routes.js';
import { eventSubjects, requestSubjects, type StreamKey } from './subjects.js';

/** The apps that connect to the bus, each with credentials of its own. */
export const busApps = ['gateway', 'identity', 'item', 'exchange'] as const;
export type BusApp = (typeof busApps)[number];

/**
 * What one app may do on the bus. The NATS server's permissions are generated from this
 * (libs/platform's natsServerConfig), so a subject added to the contracts is either listed
 * here or refused by the server: nothing is open by default.
 */
export interface BusAccess {
  /** Request subjects the app answers, in its own queue group (named after the app). */
  readonly serves: readonly string[];
  /** Request subjects the app sends. */
  readonly requests: readonly string[];
  /** The event streams the app owns: it alone publishes into them and manages them. */
  readonly owns: readonly StreamKey[];
  /** Streams the app reads with JetStream consumers. */
  readonly follows: readonly StreamKey[];
  /** Event subjects the app hears as plain subscriptions, to keep local copies fresh. */
  readonly hears: readonly string[];
}

const servedBy = (service: Exclude<keyof typeof requestSubjects, 'diagnostics'>): string[] => Object.values(requestSubjects[service]);

/** The bulk routes the gateway answers with controllers of its own rather than by forwarding. */
const gatewayFileRequests = [exchangeRequests.importCatalogs.subject, exchangeRequests.loadResource.subject];

export const busAccess: Readonly<Record<BusApp, BusAccess>> = {
  gateway: {
    serves: [],
    requests: [...new Set([...httpRoutes.map((route) => route.forward.subject), ...gatewayFileRequests])],
    owns: [],
    follows: ['identity', 'identityGrants'],
    hears: [],
  },
  identity: {
    serves: servedBy('identity'),
    requests: [],
    owns: ['identity', 'identityGrants'],
    follows: [],
    hears: [eventSubjects.identity.signingKeyRotated],
  },
  item: {
    serves: servedBy('item'),
    requests: [],
    owns: ['item'],
    follows: [],
    hears: [eventSubjects.item.published, eventSubjects.item.withdrawn],
  },
  exchange: {
    serves: servedBy('exchange'),
    // A demand names the consumer department's app: identity says whose app it is. Demands
    // fall due in working days: the exchange copies item's calendar and follows its changes.
    requests: [requestSubjects.identity.lookupApp, requestSubjects.item.calendarSnapshot],
    owns: ['exchange'],
    follows: ['exchange', 'item'],
    hears: [],
  },
};

/**
 * The benchmark's bare responder of the echo subject, and the gateway's diagnostic route
 * to it: granted only where a deployment asks for diagnostics (a benchmark run).
 */
export const diagnosticsAccess: BusAccess = { serves: Object.values(requestSubjects.diagnostics), requests: [], owns: [], follows: [], hears: [] };
export const diagnosticsApp = 'diagnostics';

/** The inbox prefix of an app's connection: its replies arrive there, and nobody else may listen. */
export function inboxPrefixOf(app: string): string {
  return `_INBOX.${app}`;
}
