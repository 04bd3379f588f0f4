/** NATS header names shared by every sender and receiver. */
export const messageHeaders = {
  caller: 'Igs-Caller',
  requestId: 'Igs-Request-Id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  msgId: 'Nats-Msg-Id',
} as const;

/**
 * What a caller's own request id (X-Request-Id) may look like; the gateway makes one up for
 * a request without a sane one, and every message and audit record carries it.
 */
export const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;
