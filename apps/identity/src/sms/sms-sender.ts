import type { AppLogger } from '@igs/platform';

/** Delivers one-time codes. Production plugs in an SMS gateway; development logs; tests keep them. */
export abstract class SmsSender {
  abstract send(mobile: string, text: string): Promise<void>;
}

/** Development sink: the code goes to the log, the number never does (only its last four digits). */
export class LogSmsSender extends SmsSender {
  constructor(private readonly logger: AppLogger) {
    super();
  }

  async send(mobile: string, text: string): Promise<void> {
    this.logger.warn({ to: `*******${mobile.slice(-4)}`, text }, 'SMS not delivered (development sink)');
  }
}

/** Keeps messages in memory, for tests that read the code back. */
export class MemorySmsSender extends SmsSender {
  readonly sent: { mobile: string; text: string }[] = [];

  async send(mobile: string, text: string): Promise<void> {
    this.sent.push({ mobile, text });
  }
}
