import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { watchCheckLapses } from "../schema";

/** The fan's own open check-overdue episode for one watch, if any. */
export async function findOpenLapse(db: DbOrTx, params: { userId: string; watchId: string }) {
  const [row] = await db
    .select({ overdueSince: watchCheckLapses.overdueSince, lastCheckedAt: watchCheckLapses.lastCheckedAt, reason: watchCheckLapses.reason, openedAt: watchCheckLapses.openedAt })
    .from(watchCheckLapses)
    .where(and(eq(watchCheckLapses.userId, params.userId), eq(watchCheckLapses.watchId, params.watchId), isNull(watchCheckLapses.resolvedAt)))
    .limit(1);
  return row ?? null;
}
