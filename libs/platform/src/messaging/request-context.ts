import type { Caller } from '@igs/contracts';

/** What a responder knows about a request besides its payload. */
export interface RequestContext {
  caller: Caller;
  requestId?: string;
}
