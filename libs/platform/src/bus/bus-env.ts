import { z } from 'zod';

/** The variables of an app's bus credentials; every app reads them (part of platformEnv). */
export const busEnv = z.object({
  /** The app's nkey seed (`SU…`): its NATS credential and the key that signs its callers. */
  NATS_NKEY_SEED: z.string().optional(),
  NATS_NKEY_SEED_FILE: z.string().optional(),
  /** A NATS credentials file (a user JWT and its nkey seed), for a server run in operator (JWT) mode; its seed signs callers. */
  NATS_CREDS_FILE: z.string().optional(),
  /** User and password, for tools on a bus that has them; an app with these cannot sign callers. */
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_TLS_CA_FILE: z.string().optional(),
  NATS_TLS_CERT_FILE: z.string().optional(),
  NATS_TLS_KEY_FILE: z.string().optional(),
  /** The public nkeys of the apps that send requests: `gateway=U…,identity=U…`; an app may be listed twice while its key is rotated. */
  BUS_CALLER_KEYS: z.string().optional(),
});
export type BusEnv = z.output<typeof busEnv>;
