import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { deleteCalendarFeed, findCalendarFeed, findCalendarFeedByToken, replaceCalendarToken, touchCalendarFeed } from "@/db/queries/calendar";
import { listMutesForUser } from "@/db/queries/watch-mutes";
import { listWatches } from "@/db/queries/watches";
import type { EventRow } from "@/db/schema";
import { renderCalendar, type CalendarEntry } from "./calendar-ics";
import { matchStoredEvents } from "./watch-matches";

const HOUR_MS = 3_600_000;
/** Concerts and games rarely say when they end; the entry assumes this long. */
const ASSUMED_EVENT_MS = 3 * HOUR_MS;
/** A sale window longer than this (public sales often run until the show) becomes a one-hour "opens" entry. */
const MAX_WINDOW_MS = 7 * 24 * HOUR_MS;
/** Keeps a feed a calendar app can swallow. */
const MAX_EVENTS = 500;
/** 32 random bytes, base64url: the URL is the only credential a calendar app can carry. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function toFeedView(feed: { token: string; createdAt: Date; lastFetchedAt: Date | null } | null) {
  return feed ? { path: `/api/calendar/${feed.token}`, createdAt: feed.createdAt, lastFetchedAt: feed.lastFetchedAt } : null;
}

export async function getCalendarFeed(db: Db, fan: { id: string }) {
  return toFeedView(await findCalendarFeed(db, { userId: fan.id }));
}

/** Creates the fan's feed URL, or replaces it (the old URL stops working). */
export async function regenerateCalendarFeed(db: Db, fan: { id: string }, now = new Date()) {
  return toFeedView(await replaceCalendarToken(db, { userId: fan.id, token: randomBytes(32).toString("base64url"), now }))!;
}

export async function revokeCalendarFeed(db: Db, fan: { id: string }) {
  return { isRevoked: await deleteCalendarFeed(db, { userId: fan.id }) };
}

function slug(text: string) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "sale";
}

function windowEnd(startsAt: Date, endsAt: string | null) {
  const end = endsAt ? new Date(endsAt) : null;
  return end && end > startsAt && end.getTime() - startsAt.getTime() <= MAX_WINDOW_MS ? end : new Date(startsAt.getTime() + HOUR_MS);
}

/** The calendar entries for one matched event: the event itself and, unless the fan bought tickets, its sale windows. */
export function buildEventEntries(row: EventRow, context: { watchNames: string[]; isBought: boolean; appUrl: string }): CalendarEntry[] {
  const event = row.data;
  const key = `${row.provider}-${row.providerEventId}`;
  const place = [event.venue?.name, event.venue?.city, event.venue?.countryCode].filter(Boolean).join(", ");
  const footer = [`Matched by: ${context.watchNames.join(", ")}`, event.url ? `Official page: ${event.url}` : null, `Seatwatch: ${context.appUrl}/events/${row.id}`].filter(Boolean).join("\n");
  const entries: CalendarEntry[] = [];
  const start = event.start;
  if (start.dateTime && !start.hasNoSpecificTime && !start.isTba) {
    const at = new Date(start.dateTime);
    entries.push({ uid: `event-${key}@seatwatch`, summary: event.name, start: { at }, end: { at: new Date(at.getTime() + ASSUMED_EVENT_MS) }, description: `Start time from the ticketing source; the end is assumed.\n${footer}`, location: place, url: event.url, stamp: row.lastChangedAt, isCancelled: event.status === "cancelled" });
  } else if (start.localDate) {
    const next = new Date(`${start.localDate}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    entries.push({ uid: `event-${key}@seatwatch`, summary: event.name, start: { date: start.localDate }, end: { date: next.toISOString().slice(0, 10) }, description: `Time not announced yet.\n${footer}`, location: place, url: event.url, stamp: row.lastChangedAt, isCancelled: event.status === "cancelled" });
  }
  if (context.isBought) return entries;
  const seen = new Map<string, number>();
  for (const presale of event.presales) {
    if (!presale.startsAt) continue;
    const base = slug(presale.name);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const at = new Date(presale.startsAt);
    entries.push({ uid: `presale-${key}-${base}${count > 1 ? `-${count}` : ""}@seatwatch`, summary: `Presale: ${presale.name} — ${event.name}`, start: { at }, end: { at: windowEnd(at, presale.endsAt) }, description: `${presale.name} opens${presale.endsAt ? ` and runs until ${presale.endsAt}` : ""}.\n${footer}`, location: place, url: event.url, stamp: row.lastChangedAt });
  }
  if (event.publicSale.startsAt) {
    const at = new Date(event.publicSale.startsAt);
    entries.push({ uid: `onsale-${key}@seatwatch`, summary: `On sale: ${event.name}`, start: { at }, end: { at: windowEnd(at, event.publicSale.endsAt) }, description: `Public on-sale opens.\n${footer}`, location: place, url: event.url, stamp: row.lastChangedAt });
  }
  return entries;
}

/**
 * The ICS text for a feed token, or null when the token is unknown or its owner disabled: the events the fan's
 * active watches match now, with their presale and on-sale windows. Dates are on the source's clock.
 */
export async function buildCalendarForToken(db: Db, token: string, options: { sourceNow: Date; appUrl: string; now?: Date }) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const owner = await findCalendarFeedByToken(db, { token });
  if (!owner || owner.disabledAt) return null;
  const watches = (await listWatches(db, { userId: owner.userId })).filter((watch) => !watch.isPaused);
  const matches = await matchStoredEvents(db, watches, options.sourceNow);
  const bought = new Set((await listMutesForUser(db, { userId: owner.userId })).filter((mute) => mute.kind === "bought").map((mute) => mute.eventId));
  const byEvent = new Map<string, { row: EventRow; watchNames: string[] }>();
  for (const { row, watch } of matches) {
    const entry = byEvent.get(row.id) ?? { row, watchNames: [] };
    entry.watchNames.push(watch.name);
    byEvent.set(row.id, entry);
  }
  const rows = [...byEvent.values()].sort((a, b) => (a.row.startsAt?.getTime() ?? Infinity) - (b.row.startsAt?.getTime() ?? Infinity) || a.row.id.localeCompare(b.row.id)).slice(0, MAX_EVENTS);
  const entries = rows.flatMap(({ row, watchNames }) => buildEventEntries(row, { watchNames, isBought: bought.has(row.id), appUrl: options.appUrl }));
  await touchCalendarFeed(db, { token, at: options.now ?? new Date() });
  return renderCalendar({ name: "Seatwatch", description: `Events your Seatwatch watches match, with presale and on-sale windows (${owner.name}).`, entries });
}
