import { Injectable } from '@nestjs/common';
import { type FieldError, type RouteDefinition } from '@igs/contracts';
import { AppError, fieldErrorsOf } from '@igs/platform';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ForwardingTails } from './forwarding-tail.js';

const idempotencyKeyPattern = /^[\x21-\x7e]{8,128}$/;

/**
 * Validates a request of an authenticated caller against its route definition (every bad field
 * reported at once), turns it into the route's NATS message and returns the service's reply.
 */
@Injectable()
export class RouteForwarder {
  constructor(private readonly tails: ForwardingTails) {}

  async forward(route: RouteDefinition, request: FastifyRequest): Promise<unknown> {
    const tail = this.tails.of(request);
    const errors: FieldError[] = [];
    const parse = <S extends z.ZodType | undefined>(schema: S, value: unknown, location: FieldError['in']) => {
      if (!schema) return undefined;
      const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
      if (result.success) return result.data;
      errors.push(...fieldErrorsOf(result.error, location));
      return undefined;
    };
    const params = parse(route.params, request.params, 'path');
    const query = parse(route.query, request.query, 'query');
    const body = parse(route.body, request.body, 'body');
    const idempotencyKey = this.idempotencyKeyOf(route, request, errors);
    if (errors.length > 0) throw AppError.validation(errors);

    const message = route.toMessage({ params, query, body, headers: { idempotencyKey } });
    return tail.send(route.forward, message);
  }

  private idempotencyKeyOf(route: RouteDefinition, request: FastifyRequest, errors: FieldError[]): string | undefined {
    const key = request.headers['idempotency-key'];
    if (key === undefined || !route.acceptsIdempotencyKey) return undefined;
    if (typeof key === 'string' && idempotencyKeyPattern.test(key)) return key;
    errors.push({ in: 'header', field: 'Idempotency-Key', message: 'must be 8 to 128 printable ASCII characters without spaces' });
    return undefined;
  }
}
