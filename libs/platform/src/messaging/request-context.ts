import type { Caller } from '@igs/contracts';

/** What a responder knows about a request besides its payload. */
export interface RequestContext {
  caller: Caller;
  requestId?: string;
  /** When the caller stops waiting (epoch ms), if it said: work past it is wasted, or worse, done twice. */
  deadline?: number;
}
