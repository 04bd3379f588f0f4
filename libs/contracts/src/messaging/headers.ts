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

/** A UUID, whose dashes are its layout: only its last group could hold 11 digits in a row. */
const uuid = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-(?![0-9A-Fa-f]*\\d{11})[0-9A-Fa-f]{12}';
/** Anything else: never 11 digits in a row, whatever separators stand between them. */
const fewDigits = '(?!.*\\d(?:[._:-]*\\d){10}).+';

/**
 * What a caller's own request id (X-Request-Id) may look like; the gateway makes one up for
 * a request without a sane one, and every message and audit record carries it.
 *
 * The audit keeps it as sent and shows it to the provider, so it must not be able to hold
 * a personal identifier, and every one of those has 11 digits or more (a mobile number 11,
 * a resident ID 15 or 18, a bank card 16 to 19). So an id holds at most 10 digits in a row,
 * and separators do not break a row ("150105-19920815-2347" is one of 18). A UUID is read
 * group by group instead: its layout is fixed, and joined across its dashes one UUID in
 * eighteen would be refused; only one whose last group holds 11 digits in a row (one in
 * about 130) is.
 */
export const requestIdPattern = new RegExp(`^(?=[A-Za-z0-9._:-]{1,64}$)(?:${uuid}|${fewDigits})$`);
