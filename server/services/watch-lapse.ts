import type { Db } from "@/db";
import { findOpenLapse } from "@/db/queries/watch-lapse";
import { getWatchHealth, type WatchHealth } from "./alerts";

/**
 * A watch's health as its fan sees it, with the open check-overdue episode when the engine has not kept its
 * promise: how long since the last check and how often checks were promised.
 */
export async function readWatchHealth(db: Db, fan: { id: string }, watchId: string, now = new Date()) {
  const health = await getWatchHealth(db, fan.id, watchId, now);
  const open = health.status === "paused" ? null : await findOpenLapse(db, { userId: fan.id, watchId });
  return withLapse(health, open, now);
}

type OpenLapse = NonNullable<Awaited<ReturnType<typeof findOpenLapse>>>;

/** A watch's health with its open check-overdue episode (null when it has none, or is paused). */
export function withLapse(health: WatchHealth, open: OpenLapse | null | undefined, now: Date) {
  const lapse = open
    ? { overdueSince: open.overdueSince, lastCheckedAt: open.lastCheckedAt, reason: open.reason, uncheckedForSeconds: Math.max(0, Math.round((now.getTime() - (open.lastCheckedAt ?? open.overdueSince).getTime()) / 1000)), promisedEverySeconds: health.cadenceSeconds }
    : null;
  return { ...health, lapse };
}
