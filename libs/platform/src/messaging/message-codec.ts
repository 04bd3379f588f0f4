import { anonymousCaller, Caller, messageHeaders } from '@igs/contracts';
import type { MsgHdrs } from '@nats-io/transport-node';
import { AppError } from '../errors/app-error.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(data));
  } catch (cause) {
    throw new AppError('PLATFORM.BAD_REQUEST', 'message payload is not valid JSON', undefined, { cause });
  }
}

export function writeCaller(headers: MsgHdrs, caller: Caller): void {
  headers.set(messageHeaders.caller, JSON.stringify(caller));
}

export function readCaller(headers: MsgHdrs | undefined): Caller {
  const raw = headers?.has(messageHeaders.caller) ? headers.get(messageHeaders.caller) : undefined;
  if (!raw) return anonymousCaller;
  try {
    return Caller.parse(JSON.parse(raw));
  } catch (cause) {
    throw new AppError('PLATFORM.BAD_REQUEST', `header ${messageHeaders.caller} is not a valid caller`, undefined, { cause });
  }
}
