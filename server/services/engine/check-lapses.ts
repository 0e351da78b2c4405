import type { Db } from "@/db";
import { linkLapseAlerts, listLapsedWatches, openCheckLapses, resolveCheckLapses, type LapsedWatch } from "@/db/queries/check-lapses";
import { insertAlerts } from "@/db/queries/engine";
import { planDeliveriesForAlerts } from "../delivery/plan";

/**
 * How far past its promised check a query may run before its watches count as lapsed. Normal lag is seconds
 * (a 5 s poll tick, a busy batch, paging); ten minutes means something is really wrong: the provider failing,
 * the quota spent, no worker polling.
 */
export const LAPSE_GRACE_MS = 10 * 60_000;

/** The alert kind a lapse raises; it concerns the watch, not an event. */
export const CHECK_OVERDUE_KIND = "check-overdue";

function formatWhen(at: Date, timeZone: string) {
  try {
    return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(at);
  }
}

/** The plain-words cause: the queries' last errors, or that checks are simply behind. */
export function describeLapseReason(errors: string[]): string {
  if (!errors.length) return "Checks are behind schedule (no worker has polled it in time).";
  const first = errors[0]!;
  if (/quota|budget|429/i.test(first)) return `The ticketing API's call quota is spent until its reset (${first.slice(0, 160)}).`;
  return `The ticketing source keeps failing: ${first.slice(0, 200)}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}.`;
}

function toAlertRow(lapse: LapsedWatch, reason: string, now: Date) {
  const checked = lapse.lastCheckedAt ? `It was last checked ${formatWhen(lapse.lastCheckedAt, lapse.timeZone)}` : "It has not been checked yet";
  return {
    userId: lapse.userId,
    watchId: lapse.watchId,
    eventId: null,
    kind: CHECK_OVERDUE_KIND,
    stage: "health",
    bucket: lapse.overdueSince.toISOString(),
    provider: lapse.provider,
    providerEventId: "",
    priceMinor: null,
    currency: null,
    origin: "change" as const,
    decidedAt: now,
    // One per watch and broken promise: a second process noticing the same lapse inserts nothing.
    idempotencyKey: `${CHECK_OVERDUE_KIND}:${lapse.watchId}:${lapse.overdueSince.toISOString()}`,
    title: `Couldn't check "${lapse.name}"`,
    body: `${checked}; the next check was due by ${formatWhen(lapse.overdueSince, lapse.timeZone)}. ${reason} We keep trying, and alert you as usual once checks resume.`,
    url: null,
    payload: { watchName: lapse.name, overdueSince: lapse.overdueSince.toISOString(), reason } as Record<string, unknown>,
    uncheckedCriteria: [],
  };
}

/**
 * engine.plan's watchdog: a watch whose queries have gone longer than promised without a successful check
 * opens a lapse episode (listed for admins) and raises one `check-overdue` alert to its fan through the
 * alerts table and outbox; episodes of watches checked again are resolved, which re-arms the alert.
 */
export async function raiseCheckLapses(db: Db, now: Date) {
  return db.transaction(async (tx) => {
    const lapsed = await listLapsedWatches(tx, { now, graceMs: LAPSE_GRACE_MS });
    const resolved = await resolveCheckLapses(tx, { lapsedWatchIds: lapsed.map((lapse) => lapse.watchId), at: now });
    const opened = await openCheckLapses(
      tx,
      lapsed.map((lapse) => ({
        watchId: lapse.watchId,
        userId: lapse.userId,
        overdueSince: lapse.overdueSince,
        lastCheckedAt: lapse.lastCheckedAt,
        reason: describeLapseReason(lapse.errors),
        openedAt: now,
      })),
    );
    if (!opened.length) return { opened: 0, resolved };
    const byWatch = new Map(lapsed.map((lapse) => [lapse.watchId, lapse]));
    const created = await insertAlerts(
      tx,
      opened.map((episode) => toAlertRow(byWatch.get(episode.watchId)!, episode.reason, now)),
    );
    await linkLapseAlerts(
      tx,
      created.flatMap((alert) => {
        const episode = opened.find((item) => item.watchId === alert.watchId);
        return episode ? [{ id: episode.id, alertId: alert.id }] : [];
      }),
    );
    await planDeliveriesForAlerts(tx, created, now);
    return { opened: opened.length, resolved };
  });
}
