import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { watchCheckLapses } from "../schema";

const openLapseColumns = { overdueSince: watchCheckLapses.overdueSince, lastCheckedAt: watchCheckLapses.lastCheckedAt, reason: watchCheckLapses.reason, openedAt: watchCheckLapses.openedAt };

/** The fan's own open check-overdue episode for one watch, if any. */
export async function findOpenLapse(db: DbOrTx, params: { userId: string; watchId: string }) {
  const [row] = await db
    .select(openLapseColumns)
    .from(watchCheckLapses)
    .where(and(eq(watchCheckLapses.userId, params.userId), eq(watchCheckLapses.watchId, params.watchId), isNull(watchCheckLapses.resolvedAt)))
    .limit(1);
  return row ?? null;
}

/** The fan's open check-overdue episodes, every watch's, in one read (the dashboard's health panel). */
export function listOpenLapses(db: DbOrTx, params: { userId: string }) {
  return db
    .select({ watchId: watchCheckLapses.watchId, ...openLapseColumns })
    .from(watchCheckLapses)
    .where(and(eq(watchCheckLapses.userId, params.userId), isNull(watchCheckLapses.resolvedAt)));
}
