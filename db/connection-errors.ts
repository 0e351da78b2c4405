/**
 * Whether an error means the database connection, not the statement, failed: the server went away (restart,
 * crash, admin shutdown) or could not be reached. node-postgres reports these as socket errors or as a closed
 * client; PostgreSQL as SQLSTATE class 08 (connection exception) or 57P01–57P03 (operator intervention:
 * admin_shutdown, crash_shutdown, cannot_connect_now — PostgreSQL manual, appendix A). Drizzle wraps driver
 * errors, so the `cause` chain is read too.
 */
const SHUTDOWN_CODES = new Set(["57P01", "57P02", "57P03"]);
const SOCKET_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTCONN"]);
// node-postgres's own wording for a client whose socket closed (pg/lib/client.js).
const CLOSED_CLIENT = /Connection terminated|connection error and is not queryable|Client was closed and is not queryable/i;

export function isConnectionLost(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (code.startsWith("08") || SHUTDOWN_CODES.has(code) || SOCKET_CODES.has(code))) return true;
    if (current instanceof Error && CLOSED_CLIENT.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
