/**
 * A short-lived per-process memo of who a credential is: the tRPC context keys it by the request's whole
 * Cookie header (server/api/context.ts), the REST API by the bearer token's hash (server/rest/auth.ts).
 * Reading the session (signature check, database read, Better Auth's endpoint pipeline) was most of the CPU
 * a signed-in API call cost; a fan's page load makes several calls with the same cookie within a second.
 *
 * The price is a bound on revocation: a session signed out or revoked, a token revoked, or an account
 * disabled keeps working for at most `ttlMs` in a process that looked it up just before. Only found ones are
 * kept (an unknown or forged credential is looked up every time), and at most `maxEntries`, oldest first out.
 */

/** How long a looked-up session is trusted without asking again: the revocation bound above. */
export const SESSION_CACHE_TTL_MS = 5_000;
/** Enough for every fan active within the TTL on one process; about 1 KB each. */
export const SESSION_CACHE_MAX_ENTRIES = 10_000;

export interface SessionCache<T> {
  /** The session for `cookie`: remembered when looked up within the TTL, else `load()` (kept when not null). */
  read(cookie: string | null, load: () => Promise<T | null>): Promise<T | null>;
  /** Sessions currently remembered (for tests). */
  size(): number;
}

export function createSessionCache<T>(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): SessionCache<T> {
  const ttlMs = options.ttlMs ?? SESSION_CACHE_TTL_MS;
  const maxEntries = options.maxEntries ?? SESSION_CACHE_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: T; expiresAt: number }>();

  return {
    async read(cookie, load) {
      if (!cookie || ttlMs <= 0) return load();
      const found = entries.get(cookie);
      if (found && found.expiresAt > now()) return found.value;
      if (found) entries.delete(cookie);
      const value = await load();
      if (value === null || value === undefined) return value;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(cookie, { value, expiresAt: now() + ttlMs });
      return value;
    },
    size: () => entries.size,
  };
}
