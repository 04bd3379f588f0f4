/** Socket errors of a connection to the database server. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that is going away, starting or out of connections: 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300
 * too_many_connections; class 08 is every connection exception.
 */
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * TypeORM releases a query runner whose connection failed (its error event), so the next
 * statement of the transaction that was using it throws one of these instead of the cause.
 */
const releasedRunner = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** What node-postgres says, without a code, when a connection dies or none can be had in time. */
const lostConnection =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection terminated due to connection timeout)/;

/**
 * Whether an error means the database cannot be reached now (down, restarting, out of
 * connections), as opposed to a statement that failed: the first is a 503 the caller may
 * retry, the second a bug. Looks through TypeORM's QueryFailedError (driverError), causes
 * and AggregateErrors (a refused connection to a name with several addresses).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, name, message, driverError, cause, errors } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof name === 'string' && releasedRunner.has(name)) return true;
  if (typeof code === 'string' && (socketCodes.has(code) || unavailableStates.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && lostConnection.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

/** How long a caller is told to wait before trying again while the database is unavailable. */
export const databaseRetryAfterSeconds = 2;
