import { messageHeaders } from '@igs/contracts';
import type { MsgHdrs } from '@nats-io/transport-node';

/**
 * How long past its deadline a request is still taken. Deadlines are compared across hosts,
 * which assumes NTP-synchronised clocks (a few milliseconds apart); this allowance keeps a
 * responder whose clock runs somewhat ahead from dropping requests that are still awaited.
 */
export const deadlineSkewMs = 100;

/**
 * Work whose effect is counted (a data call: audited, and counted against a quota) is done
 * only while its deadline is at least this far ahead, so that its answer can still reach the
 * caller: an answer arriving after the caller's timeout was a 504 there, for work done here.
 * A responder's clock behind the caller's by s lets such work run up to s late; one ahead
 * refuses it in its last s ms, the safe way round.
 */
export const replyMarginMs = 50;

/**
 * The deadline a request is sent with: a little before its sender stops waiting (a quarter
 * of the timeout, at most half a second). Work that starts just before its deadline then
 * still has that long to commit and answer, so the sender does not answer 504 for work
 * that was done: after a stall a responder's first batch is large and slow to commit.
 */
export function deadlineFor(sentAt: number, timeoutMs: number): number {
  return sentAt + timeoutMs - Math.min(500, Math.floor(timeoutMs / 4));
}

/** The request's deadline in epoch milliseconds, if it carries a valid one. */
export function readDeadline(headers: MsgHdrs | undefined): number | undefined {
  if (!headers?.has(messageHeaders.deadline)) return undefined;
  const deadline = Number(headers.get(messageHeaders.deadline));
  return Number.isFinite(deadline) ? deadline : undefined;
}

/** Whether a request received at `now` was given up by its sender (allowing for skew). */
export function isPastDeadline(deadline: number | undefined, now: number): boolean {
  return deadline !== undefined && now > deadline + deadlineSkewMs;
}

/** Whether counted work may still start at `now`: its answer could not arrive in time otherwise. */
export function tooLateToStart(deadline: number | undefined, now: number): boolean {
  return deadline !== undefined && now > deadline - replyMarginMs;
}
