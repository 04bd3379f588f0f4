/** NATS header names shared by every sender and receiver. */
export const messageHeaders = {
  caller: 'Igs-Caller',
  requestId: 'Igs-Request-Id',
  /**
   * When the sender stops waiting for the reply, in epoch milliseconds: a responder drops a
   * request past it rather than do work nobody hears of (and a retry would repeat). Absolute,
   * so time spent queued in a socket or a batch counts; it assumes NTP-synchronised clocks,
   * and responders allow a small skew (deadlineSkewMs in the platform).
   */
  deadline: 'Igs-Deadline',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  msgId: 'Nats-Msg-Id',
} as const;

/**
 * What a caller's own request id (X-Request-Id) may look like; the gateway makes one up for
 * a request without a sane one, and every message and audit record carries it.
 */
export const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;
