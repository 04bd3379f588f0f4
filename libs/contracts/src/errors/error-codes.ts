/**
 * Every error code that can cross a process boundary, with the HTTP status the gateway
 * answers for it. Codes are stable strings because `instanceof` does not survive NATS.
 */
export const errorCatalog = {
  'PLATFORM.VALIDATION': { status: 400, title: 'The request is not valid' },
  'PLATFORM.MALFORMED_JSON': { status: 400, title: 'The request body is not valid JSON' },
  'PLATFORM.BAD_REQUEST': { status: 400, title: 'The request cannot be read' },
  'PLATFORM.ROUTE_NOT_FOUND': { status: 404, title: 'No such route' },
  'PLATFORM.METHOD_NOT_ALLOWED': { status: 405, title: 'Method not allowed' },
  'PLATFORM.REQUEST_TIMEOUT': { status: 408, title: 'The request did not arrive in time' },
  'PLATFORM.PAYLOAD_TOO_LARGE': { status: 413, title: 'The request body is too large' },
  'PLATFORM.UNSUPPORTED_MEDIA_TYPE': { status: 415, title: 'Unsupported content type' },
  'PLATFORM.HEADERS_TOO_LARGE': { status: 431, title: 'The request headers are too large' },
  'PLATFORM.IDEMPOTENCY_KEY_REUSED': { status: 422, title: 'Idempotency key reused with a different request' },
  'PLATFORM.RATE_LIMITED': { status: 429, title: 'Too many requests' },
  'AUTH.UNAUTHENTICATED': { status: 401, title: 'A valid access token is needed' },
  'AUTH.FORBIDDEN': { status: 403, title: 'The token does not allow this' },
  'PLATFORM.CALLER_NOT_VERIFIED': { status: 403, title: 'The caller of this message could not be verified' },
  'AUTH.INSUFFICIENT_USER_AUTHENTICATION': { status: 401, title: 'A stronger sign-in is needed' },
  'PLATFORM.INTERNAL': { status: 500, title: 'Internal error' },
  'PLATFORM.SERVICE_UNAVAILABLE': { status: 503, title: 'The service is not available' },
  'PLATFORM.DATABASE_UNAVAILABLE': { status: 503, title: 'The database is not available' },
  'PLATFORM.UPSTREAM_TIMEOUT': { status: 504, title: 'The service did not answer in time' },
  'ITEM.NOT_FOUND': { status: 404, title: 'Item not found' },
  'ITEM.VERSION_NOT_FOUND': { status: 404, title: 'Item version not found' },
  'ITEM.NOT_PUBLISHED': { status: 409, title: 'Item has no published version' },
  'ITEM.ALREADY_EXISTS': { status: 409, title: 'An item with this code already exists' },
  'ITEM.ALREADY_PUBLISHED': { status: 409, title: 'Item is already published' },
  'ITEM.WITHDRAWN': { status: 409, title: 'Item is withdrawn' },
  'ITEM.STALE_REVISION': { status: 409, title: 'Item was changed by someone else' },
  'ITEM.CALENDAR_DAY_NOT_FOUND': { status: 404, title: 'The calendar holds no such day' },
  'IDENTITY.APP_EXISTS': { status: 409, title: 'A department app with this client id exists' },
  'IDENTITY.APP_NOT_FOUND': { status: 404, title: 'Department app not found' },
  'IDENTITY.REGISTRATION_CODE_INVALID': { status: 422, title: 'The registration code is wrong or has expired: ask for a new one' },
  'IDENTITY.ENTERPRISE_EXISTS': { status: 409, title: 'This enterprise is already registered' },
  'IDENTITY.NOT_A_PERSON': { status: 403, title: 'Only a natural person may do this' },
  'IDENTITY.APP_USES_KEYS': { status: 409, title: 'The app authenticates with keys, not a secret' },
  'EXCHANGE.CATALOG_EXISTS': { status: 409, title: 'A catalog with this code exists' },
  'EXCHANGE.CATALOG_NOT_FOUND': { status: 404, title: 'Catalog not found' },
  'EXCHANGE.ALREADY_PUBLISHED': { status: 409, title: 'Catalog is already published' },
  'EXCHANGE.STALE_REVISION': { status: 409, title: 'Catalog was changed by someone else' },
  'EXCHANGE.DEMAND_NOT_FOUND': { status: 404, title: 'Demand request not found' },
  'EXCHANGE.DOCKING_NOT_FOUND': { status: 404, title: 'Docking entry not found' },
  'EXCHANGE.INVALID_TRANSITION': { status: 409, title: 'The request is not in a state that allows this' },
  'EXCHANGE.NOT_SHAREABLE': { status: 409, title: 'The catalog may not be shared' },
  'EXCHANGE.NOT_PUBLISHED': { status: 409, title: 'The catalog is not published' },
  'EXCHANGE.NEGATIVE_LIST': { status: 403, title: 'The data is on the negative list: it may not be requested, approved or served' },
  'EXCHANGE.FIELD_NOT_IN_CATALOG': { status: 409, title: 'A field is not in the catalog' },
  'EXCHANGE.FIELD_NOT_REQUESTED': { status: 409, title: 'A field was not requested' },
  'EXCHANGE.VALIDITY_EXTENDED': { status: 409, title: 'An approval may not extend the requested validity' },
  'EXCHANGE.NEGATIVE_EXISTS': { status: 409, title: 'This is already on the negative list' },
  'EXCHANGE.NO_DOCKING': { status: 403, title: 'No valid docking entry allows this call' },
  'EXCHANGE.FIELD_NOT_APPROVED': { status: 403, title: 'A requested field is not approved for the caller' },
  'EXCHANGE.EXPIRED': { status: 403, title: 'The docking entry is outside its validity' },
  'EXCHANGE.QUOTA_EXCEEDED': { status: 403, title: "The docking entry's daily quota is used up" },
  'EXCHANGE.NOT_READY': { status: 503, title: 'The authorisation copy is not ready' },
  'EXCHANGE.CALENDAR_NOT_READY': { status: 503, title: 'The working-day calendar is not loaded yet' },
  'EXCHANGE.RULE_VIOLATION': { status: 409, title: 'The catalog breaks a classification or sharing rule' },
  'EXCHANGE.CALL_NOT_RECORDABLE': { status: 422, title: 'The database refused the record of this call as sent, so the call was refused' },
  'EXCHANGE.APP_NOT_OF_DEPARTMENT': { status: 409, title: 'The app is not an app of the consumer department' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalog, code);
}

export function statusOf(code: ErrorCode): number {
  return errorCatalog[code].status;
}

/** RFC 9457 `type`: a relative reference the gateway resolves to a description of the code. */
export function problemTypeOf(code: string): string {
  return `/problems/${code}`;
}

/** One bad field, as listed in a validation error. */
export interface FieldError {
  in: 'body' | 'query' | 'path' | 'header' | 'message';
  field: string;
  message: string;
}
