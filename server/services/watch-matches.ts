import { z } from "zod";
import type { Db } from "@/db";
import { findEventById, listUpcomingEvents } from "@/db/queries/events";
import { listMutesForUserEvent, listMutesForWatch } from "@/db/queries/watch-mutes";
import { findWatch, listWatches } from "@/db/queries/watches";
import type { EventRow, WatchRow } from "@/db/schema";
import { foldCatalog, matchInitial } from "@/server/engine";
import { convertToKm, measureDistanceKm } from "@/server/engine/geo";
import { formatMoney } from "@/server/lib/money";
import type { Event } from "@/server/providers/types";
import { notFound } from "./errors";
import { toEventSummary } from "./events";
import { toMuteView } from "./watch-mutes";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/** Stored events scanned per request: the first-run matcher's own ceiling. */
const SCAN_LIMIT = 5_000;

export const watchMatchesInput = z.object({ id: z.uuid("Not a watch id"), limit: z.int().min(1).max(100).default(50) });
export const eventWatchesInput = z.object({ id: z.uuid("Not an event id") });

/** Plain reasons a watch matches an event, in the order a fan set them; conditions the source can't show are listed apart. */
export function explainMatch(watch: WatchRow, event: Event): string[] {
  const reasons: string[] = [];
  const featured = event.attractions.filter((attraction) => watch.attractions.some((wanted) => wanted.id === attraction.id));
  if (featured.length) reasons.push(`Features ${featured.map((attraction) => attraction.name).join(", ")}`);
  if (watch.venues.length && event.venue) reasons.push(`At ${event.venue.name}`);
  if (watch.keyword) reasons.push(`Name contains “${watch.keyword}”`);
  if (watch.segment) reasons.push(`${watch.segment} event`);
  if (watch.genre) reasons.push(`Genre ${watch.genre}`);
  if (watch.city && event.venue?.city) reasons.push(`In ${event.venue.city}`);
  else if (watch.countryCode && event.venue?.countryCode) reasons.push(`In ${event.venue.countryCode}`);
  if (watch.latitude != null && watch.longitude != null && watch.radius != null && event.venue?.latitude != null && event.venue.longitude != null) {
    const km = measureDistanceKm(watch.latitude, watch.longitude, event.venue.latitude, event.venue.longitude);
    const unit = watch.radiusUnit ?? "km";
    const distance = unit === "miles" ? km / convertToKm(1, "miles") : km;
    reasons.push(`${Math.round(distance)} ${unit} away (within ${watch.radius} ${unit})`);
  }
  if ((watch.dateFrom || watch.dateTo) && event.start.localDate) reasons.push(`On ${event.start.localDate}, within your dates`);
  if (watch.weekdays.length && event.start.localDate) {
    const day = new Date(`${event.start.localDate}T00:00:00Z`).getUTCDay();
    reasons.push(`On a ${WEEKDAYS[(day + 6) % 7]}`);
  }
  const range = event.priceRange;
  if (range && watch.currency && range.currency === watch.currency && (watch.maxPriceMinor != null || watch.minPriceMinor != null)) {
    const limits = [watch.minPriceMinor != null ? `from ${formatMoney(watch.minPriceMinor, watch.currency)}` : null, watch.maxPriceMinor != null ? `up to ${formatMoney(watch.maxPriceMinor, watch.currency)}` : null];
    reasons.push(`Tickets from ${formatMoney(range.minMinor, range.currency)}, within your price (${limits.filter(Boolean).join(" ")})`);
  }
  if (!reasons.length) reasons.push("Matches everything this watch asks for");
  return reasons;
}

export interface StoredMatch {
  row: EventRow;
  watch: WatchRow;
  uncheckedCriteria: readonly string[];
}

/**
 * Stored upcoming events each watch matches right now, soonest first per watch, as the first-run matcher
 * decides — whatever the pause state: the fan asks what a watch covers. `hasSaleAhead` reads only the events
 * with a sale window still ahead (see listUpcomingEvents), for the dashboard's coming sales.
 */
export async function matchStoredEvents(db: Db, watches: WatchRow[], sourceNow: Date, options: { limitPerWatch?: number; hasSaleAhead?: boolean } = {}): Promise<StoredMatch[]> {
  if (!watches.length) return [];
  const rows = await listUpcomingEvents(db, { after: new Date(sourceNow.getTime() - 86_400_000), limit: SCAN_LIMIT, salesAfter: options.hasSaleAhead ? sourceNow : undefined });
  const rowOf = new Map(rows.map((row) => [`${row.provider}:${row.providerEventId}`, row]));
  const catalog = foldCatalog(rows.map((row) => row.data));
  return watches.flatMap((watch) =>
    matchInitial(catalog, { ...watch, isPaused: false }, sourceNow, { limit: options.limitPerWatch }).flatMap((decision) => {
      const row = rowOf.get(`${decision.provider}:${decision.eventId}`);
      return row ? [{ row, watch, uncheckedCriteria: decision.uncheckedCriteria }] : [];
    }),
  );
}

/** Events that match the watch right now, soonest first, with the reasons and the fan's "bought"/snooze state. */
export async function listWatchMatches(db: Db, fan: { id: string }, input: z.output<typeof watchMatchesInput>, sourceNow: Date) {
  const watch = await findWatch(db, { userId: fan.id, id: input.id });
  if (!watch) throw notFound("Watch");
  const found = await matchStoredEvents(db, [watch], sourceNow, { limitPerWatch: input.limit });
  const mutes = new Map((await listMutesForWatch(db, { userId: fan.id, watchId: watch.id })).map((mute) => [mute.eventId, mute]));
  const matches = found.map(({ row, uncheckedCriteria }) => describe(row, watch, uncheckedCriteria, mutes.get(row.id), sourceNow));
  return { watchId: watch.id, sourceNow, matches };
}

/** The fan's watches that match one event, and why. */
export async function listEventWatches(db: Db, fan: { id: string }, eventId: string, sourceNow: Date) {
  const row = await findEventById(db, { id: eventId });
  if (!row) throw notFound("Event");
  const mutes = new Map((await listMutesForUserEvent(db, { userId: fan.id, eventId })).map((mute) => [mute.watchId, mute]));
  const watches = await listWatches(db, { userId: fan.id });
  const catalog = foldCatalog([row.data]);
  return {
    eventId,
    sourceNow,
    watches: watches.flatMap((watch) => {
      const [decision] = matchInitial(catalog, { ...watch, isPaused: false }, sourceNow);
      if (!decision) return [];
      const mute = toMuteView(mutes.get(watch.id), sourceNow);
      return [{ watchId: watch.id, name: watch.name, isPaused: watch.isPaused, reasons: explainMatch(watch, row.data), uncheckedCriteria: decision.uncheckedCriteria, mute }];
    }),
  };
}

function describe(row: EventRow, watch: WatchRow, uncheckedCriteria: readonly string[], mute: Parameters<typeof toMuteView>[0], sourceNow: Date) {
  return {
    event: { ...toEventSummary(row), presales: row.data.presales, publicSale: row.data.publicSale },
    reasons: explainMatch(watch, row.data),
    uncheckedCriteria: [...uncheckedCriteria],
    mute: toMuteView(mute, sourceNow),
  };
}
