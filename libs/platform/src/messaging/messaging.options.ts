export interface MessagingOptions {
  /** The app's name: its queue group and its name on the NATS connection. */
  app: string;
  natsUrl: string;
  subjectPrefix: string;
  requestTimeoutMs: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
