/**
 * Is this error "the database is not there right now" (down, restarting, out of connections,
 * connection cut) rather than a bug or a client mistake? Such errors answer 503 with
 * Retry-After, never 500: the request can simply be repeated once PostgreSQL is back.
 * Errors arrive from `pg` directly (queue, worker) or wrapped by Prisma's driver adapter, so
 * the causes are searched too.
 */

// Node socket errors on the way to the server.
const NET_CODES = new Set(["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
// A reset or broken pipe counts only on a socket operation (the database connection's); a
// client that aborts its own request body raises ECONNRESET too, without a syscall.
const SOCKET_CODES = new Set(["ECONNRESET", "EPIPE"]);
// PostgreSQL: admin shutdown, crash shutdown, cannot connect now, too many connections, and the
// whole connection-exception class 08.
const PG_CODES = new Set(["57P01", "57P02", "57P03", "53300", "53400"]);
// Prisma: can't reach server, timed out reaching it, connection closed, pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
// Prisma driver adapter error kinds for the same situations.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseDoesNotExist"]);
const MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /can't reach database server/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:was )?closed/i,
  /client has encountered a connection error/i,
  /server closed the connection unexpectedly/i,
  /too many clients already/i,
  /ECONNREFUSED/,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; errors?: unknown; meta?: unknown; originalCode?: unknown; syscall?: unknown };
  if (typeof e.code === "string" && SOCKET_CODES.has(e.code)) return typeof e.syscall === "string";
  for (const code of [e.code, e.originalCode]) {
    if (typeof code === "string" && (NET_CODES.has(code) || PG_CODES.has(code) || PRISMA_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  }
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && MESSAGES.some((re) => re.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  const meta = e.meta as { driverAdapterError?: unknown } | undefined;
  if (meta?.driverAdapterError && isDatabaseUnavailable(meta.driverAdapterError, depth + 1)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** Seconds a client should wait before repeating a request refused while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;
