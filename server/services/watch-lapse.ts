import type { Db } from "@/db";
import { findOpenLapse } from "@/db/queries/watch-lapse";
import { getWatchHealth } from "./alerts";

/**
 * A watch's health as its fan sees it, with the open check-overdue episode when the engine has not kept its
 * promise: how long since the last check and how often checks were promised.
 */
export async function readWatchHealth(db: Db, fan: { id: string }, watchId: string, now = new Date()) {
  const health = await getWatchHealth(db, fan.id, watchId, now);
  const open = health.status === "paused" ? null : await findOpenLapse(db, { userId: fan.id, watchId });
  const lapse = open
    ? { overdueSince: open.overdueSince, lastCheckedAt: open.lastCheckedAt, reason: open.reason, uncheckedForSeconds: Math.max(0, Math.round((now.getTime() - (open.lastCheckedAt ?? open.overdueSince).getTime()) / 1000)), promisedEverySeconds: health.cadenceSeconds }
    : null;
  return { ...health, lapse };
}
