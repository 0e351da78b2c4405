import type { Db } from "@/db";
import type { SessionCache } from "@/server/auth/session-cache";
import { authenticateApiToken, hashApiToken, type AuthenticatedToken } from "@/server/services/tokens";
import { RestError } from "./errors";

const CHALLENGE = 'Bearer realm="seatwatch"';

/**
 * The caller behind `Authorization: Bearer sw_…`; 401 with a Bearer challenge when absent or not valid. With a
 * cache, a token found valid is trusted for its TTL (keyed by the token's hash, never the secret itself).
 */
export async function authenticateBearer(db: Db, headers: Headers, now: Date, cache?: SessionCache<AuthenticatedToken>): Promise<AuthenticatedToken> {
  const header = headers.get("authorization")?.trim() ?? "";
  const match = /^bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    const message = header ? "Use Authorization: Bearer <token>" : "Send a personal API token: Authorization: Bearer <token> (create one under Settings → API tokens)";
    throw new RestError("UNAUTHORIZED", message, { headers: { "WWW-Authenticate": CHALLENGE } });
  }
  const secret = match[1]!;
  const token = cache ? await cache.read(hashApiToken(secret), () => authenticateApiToken(db, secret, now)) : await authenticateApiToken(db, secret, now);
  if (!token) {
    throw new RestError("UNAUTHORIZED", "The token is not valid: it may have been revoked, or the account disabled", {
      headers: { "WWW-Authenticate": `${CHALLENGE}, error="invalid_token"` },
    });
  }
  return token;
}
