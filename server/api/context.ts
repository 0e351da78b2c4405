import "server-only";
import { getAppContext } from "@/server/app-context";
import { createSessionCache, type SessionCache } from "@/server/auth/session-cache";
import { resolveDevMailboxMode } from "@/server/services/mail";
import type { Context, SessionUser } from "./trpc";

type Session = Awaited<ReturnType<Awaited<ReturnType<typeof getAppContext>>["auth"]["api"]["getSession"]>>;
const globalForSessions = globalThis as unknown as { seatwatchSessions?: SessionCache<NonNullable<Session>> };
/** One per process, whichever of Next's bundles asks (revocation bound: server/auth/session-cache.ts). */
const sessions = (globalForSessions.seatwatchSessions ??= createSessionCache());

/** Builds the tRPC context from a request: the database and the signed-in user, if any. */
export async function createRequestContext(headers: Headers): Promise<Context> {
  const app = await getAppContext();
  const session = await sessions.read(headers.get("cookie"), () => app.auth.api.getSession({ headers }));
  const user = session?.user;
  const sessionUser: SessionUser | null =
    user && !user.disabledAt
      ? {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role === "admin" ? "admin" : "fan",
          tier: user.tier === "premium" ? "premium" : "basic",
          timeZone: user.timeZone ?? "UTC",
        }
      : null;
  return {
    db: app.database.db,
    user: sessionUser,
    devMailbox: resolveDevMailboxMode(app.env),
    dataSource: app.events.dataSource,
    provider: app.events.provider,
    source: app.events,
    notifications: { sms: app.notifications.channels.sms, clientIp: readClientIp(headers) },
    live: app.live,
  };
}

/** The client's address as the proxy in front of us reports it (first X-Forwarded-For hop), else null. */
function readClientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
