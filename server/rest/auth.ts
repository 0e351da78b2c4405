import type { Db } from "@/db";
import { authenticateApiToken, type AuthenticatedToken } from "@/server/services/tokens";
import { RestError } from "./errors";

const CHALLENGE = 'Bearer realm="seatwatch"';

/** The caller behind `Authorization: Bearer sw_…`; 401 with a Bearer challenge when absent or not valid. */
export async function authenticateBearer(db: Db, headers: Headers, now: Date): Promise<AuthenticatedToken> {
  const header = headers.get("authorization")?.trim() ?? "";
  const match = /^bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    const message = header ? "Use Authorization: Bearer <token>" : "Send a personal API token: Authorization: Bearer <token> (create one under Settings → API tokens)";
    throw new RestError("UNAUTHORIZED", message, { headers: { "WWW-Authenticate": CHALLENGE } });
  }
  const token = await authenticateApiToken(db, match[1]!, now);
  if (!token) {
    throw new RestError("UNAUTHORIZED", "The token is not valid: it may have been revoked, or the account disabled", {
      headers: { "WWW-Authenticate": `${CHALLENGE}, error="invalid_token"` },
    });
  }
  return token;
}
