import type { ErrorCode } from '../errors/error-codes.js';

/**
 * Every code a data call is denied with, besides the two the gateway documents for every
 * route (`PLATFORM.VALIDATION` for a bad request, `AUTH.FORBIDDEN` for a missing scope).
 * The exchange's `decideCall` can only return these, and the call routes document them, so a
 * new denial that is not added here does not compile.
 */
export const dataCallDenials = [
  'EXCHANGE.NOT_READY',
  'EXCHANGE.CATALOG_NOT_FOUND',
  'EXCHANGE.NOT_PUBLISHED',
  'EXCHANGE.NEGATIVE_LIST',
  'EXCHANGE.NO_DOCKING',
  'EXCHANGE.EXPIRED',
  'EXCHANGE.FIELD_NOT_APPROVED',
  'EXCHANGE.QUOTA_EXCEEDED',
] as const satisfies readonly ErrorCode[];

export type DataCallDenial = (typeof dataCallDenials)[number];
