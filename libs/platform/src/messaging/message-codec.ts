import { anonymousCaller, Caller, messageHeaders } from '@igs/contracts';
import type { MsgHdrs } from '@nats-io/transport-node';
import { AppError } from '../errors/app-error.js';

const decoder = new TextDecoder();

// Buffer.from takes small payloads from Node's shared pool: half the cost of TextEncoder's
// fresh allocation for a typical request, on every message of the hot path.
export function encodeJson(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

export function decodeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(data));
  } catch (cause) {
    throw new AppError('PLATFORM.BAD_REQUEST', 'message payload is not valid JSON', undefined, { cause });
  }
}

// A service hears the same few callers again and again (each app's token is cached by the
// gateway), so the header is encoded once per caller object and decoded once per distinct
// header rather than once per message.
const encodedCallers = new WeakMap<Caller, string>();
const decodedCallers = new Map<string, Caller>();
const decodedCallersMax = 10_000;

export function writeCaller(headers: MsgHdrs, caller: Caller): void {
  let encoded = encodedCallers.get(caller);
  if (encoded === undefined) {
    encoded = JSON.stringify(caller);
    encodedCallers.set(caller, encoded);
  }
  headers.set(messageHeaders.caller, encoded);
}

export function readCaller(headers: MsgHdrs | undefined): Caller {
  const raw = headers?.has(messageHeaders.caller) ? headers.get(messageHeaders.caller) : undefined;
  if (!raw) return anonymousCaller;
  const known = decodedCallers.get(raw);
  if (known) return known;
  try {
    const caller = Object.freeze(Caller.parse(JSON.parse(raw)));
    if (decodedCallers.size >= decodedCallersMax) decodedCallers.clear();
    decodedCallers.set(raw, caller);
    return caller;
  } catch (cause) {
    throw new AppError('PLATFORM.BAD_REQUEST', `header ${messageHeaders.caller} is not a valid caller`, undefined, { cause });
  }
}
