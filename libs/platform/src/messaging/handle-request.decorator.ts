import { SetMetadata } from '@nestjs/common';
import type { RequestDefinition } from '@igs/contracts';
import type { RequestHandler } from './message-bus.js';

export const HANDLE_REQUEST = Symbol('HANDLE_REQUEST');

/**
 * Marks a provider method as the responder for a subject. The method's signature is
 * checked against the subject's request and reply types at compile time.
 */
export function HandleRequest<D extends RequestDefinition>(definition: D) {
  const setMetadata = SetMetadata(HANDLE_REQUEST, definition);
  return <M extends RequestHandler<D>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => {
    setMetadata(target, key, descriptor);
  };
}
