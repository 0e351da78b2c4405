import type { Database } from "@/db/client";
import { createCaller } from "@/server/api/root";
import type { Context, SessionUser } from "@/server/api/trpc";
import type { Provider } from "@/server/providers/types";
import type { DevMailboxMode } from "@/server/services/mail";
import { createFakeProvider } from "./fake-provider";

type UserRow = { id: string; email: string; name: string; role: string; tier: string; timeZone: string };

/** A tRPC caller acting as this user (or anonymous), through the real router and middleware. */
export function callerFor(database: Database, user: UserRow | null, options: { devMailbox?: DevMailboxMode; provider?: Provider; notifications?: Context["notifications"] } = {}) {
  const sessionUser: SessionUser | null = user
    ? { id: user.id, email: user.email, name: user.name, role: user.role as SessionUser["role"], tier: user.tier as SessionUser["tier"], timeZone: user.timeZone }
    : null;
  return createCaller({ db: database.db, user: sessionUser, devMailbox: options.devMailbox ?? "off", dataSource: "sandbox", provider: options.provider ?? createFakeProvider(),
    source: { keyLabel: "tm:test", dataSource: "sandbox", hasSectionData: false, readCircuit: () => ({ state: "closed", consecutiveFailures: 0, openedAt: null, retryAt: null }) },
    notifications: options.notifications,
  });
}
