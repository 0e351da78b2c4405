import type { Db } from "@/db";
import { listMutesForUser } from "@/db/queries/watch-mutes";
import { listWatches } from "@/db/queries/watches";
import { listQueriesForWatches } from "@/db/queries/alerts";
import { listOpenLapses } from "@/db/queries/watch-lapse";
import { summarizeWatchHealth } from "./alerts";
import { withLapse } from "./watch-lapse";
import { matchStoredEvents } from "./watch-matches";

/** Sale windows the dashboard lists; more belong on the watch pages and in the calendar feed. */
const MAX_SALES = 8;

export interface UpcomingSale {
  eventId: string;
  eventName: string;
  kind: "presale" | "onsale";
  name: string;
  startsAt: Date;
  endsAt: Date | null;
  isOpen: boolean;
  url: string | null;
  watchNames: string[];
}

type Health = ReturnType<typeof withLapse>;
export interface WatchNeedingAttention {
  id: string;
  name: string;
  status: "waiting-quota" | "failing" | "overdue";
  errors: string[];
  lastCheckedAt: Date | null;
  nextCheckAt: Date | null;
}

function needsAttention(health: Health): WatchNeedingAttention["status"] | null {
  if (health.status === "waiting-quota" || health.status === "failing") return health.status;
  return health.lapse ? "overdue" : null;
}

/**
 * What needs the fan's attention now: the sale windows (presales and public on-sales) of events their active watches
 * match that open soon or are open now — none for events they bought — soonest first, and the watches that wait for
 * quota, fail or are overdue a check. Sale times are on the source's clock, which the answer carries for countdowns.
 */
export async function getDashboard(db: Db, fan: { id: string }, sourceNow: Date, now = new Date()) {
  const watches = (await listWatches(db, { userId: fan.id })).filter((watch) => !watch.isPaused);
  // Only events with a sale window still ahead can list one: most stored events are on sale already.
  const matches = await matchStoredEvents(db, watches, sourceNow, { hasSaleAhead: true });
  const bought = new Set((await listMutesForUser(db, { userId: fan.id })).filter((mute) => mute.kind === "bought").map((mute) => mute.eventId));
  const byEvent = new Map<string, { row: (typeof matches)[number]["row"]; watchNames: string[] }>();
  for (const { row, watch } of matches) {
    if (bought.has(row.id)) continue;
    const entry = byEvent.get(row.id) ?? { row, watchNames: [] };
    if (!entry.watchNames.includes(watch.name)) entry.watchNames.push(watch.name);
    byEvent.set(row.id, entry);
  }
  const sales: UpcomingSale[] = [];
  for (const { row, watchNames } of byEvent.values()) {
    const windows = [
      ...row.data.presales.map((presale) => ({ kind: "presale" as const, name: presale.name, startsAt: presale.startsAt, endsAt: presale.endsAt })),
      { kind: "onsale" as const, name: "Public on-sale", startsAt: row.data.publicSale.startsAt, endsAt: row.data.publicSale.endsAt },
    ];
    for (const window of windows) {
      if (!window.startsAt) continue;
      const startsAt = new Date(window.startsAt);
      const endsAt = window.endsAt ? new Date(window.endsAt) : null;
      // A public sale that opened already stays open until the show; only windows that still change something count.
      if (endsAt ? endsAt <= sourceNow : startsAt <= sourceNow) continue;
      if (window.kind === "onsale" && startsAt <= sourceNow) continue;
      sales.push({ eventId: row.id, eventName: row.name, kind: window.kind, name: window.name, startsAt, endsAt, isOpen: startsAt <= sourceNow, url: row.url, watchNames });
    }
  }
  sales.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.eventName.localeCompare(b.eventName));

  // Every active watch's health from two reads (its provider queries, the fan's open lapses), not three a watch.
  const queriesByWatch = new Map<string, Awaited<ReturnType<typeof listQueriesForWatches>>>();
  for (const row of await listQueriesForWatches(db, { watchIds: watches.map((watch) => watch.id) })) queriesByWatch.set(row.watchId, [...(queriesByWatch.get(row.watchId) ?? []), row]);
  const lapseByWatch = new Map((await listOpenLapses(db, { userId: fan.id })).map((lapse) => [lapse.watchId, lapse]));
  const attention: WatchNeedingAttention[] = [];
  for (const watch of watches) {
    const health = withLapse(summarizeWatchHealth(watch, queriesByWatch.get(watch.id) ?? [], now), lapseByWatch.get(watch.id), now);
    const status = needsAttention(health);
    if (status) attention.push({ id: watch.id, name: watch.name, status, errors: health.errors, lastCheckedAt: health.lastCheckedAt, nextCheckAt: health.nextCheckAt });
  }
  return { sourceNow, upcomingSales: sales.slice(0, MAX_SALES), moreSales: Math.max(0, sales.length - MAX_SALES), attention };
}
