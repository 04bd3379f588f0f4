/** NATS header names shared by every sender and receiver. */
export const messageHeaders = {
  caller: 'Igs-Caller',
  requestId: 'Igs-Request-Id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  msgId: 'Nats-Msg-Id',
} as const;
