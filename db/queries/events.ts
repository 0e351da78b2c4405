import { and, asc, eq, gt, gte, ilike, inArray, isNotNull, isNull, lte, notInArray, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Event } from "@/server/providers/types";
import type { DbOrTx } from "../client";
import { preparedOnce } from "../prepared";
import { eventSnapshots, events } from "../schema";

function toColumns(event: Event, now: Date) {
  const segment = event.classification?.segment;
  const genre = event.classification?.genre;
  return {
    provider: event.provider,
    providerEventId: event.id,
    name: event.name,
    url: event.url,
    status: event.status,
    startsAt: event.start.dateTime ? new Date(event.start.dateTime) : null,
    localDate: event.start.localDate,
    timezone: event.start.timezone,
    venueName: event.venue?.name ?? null,
    city: event.venue?.city ?? null,
    countryCode: event.venue?.countryCode ?? null,
    latitude: event.venue?.latitude ?? null,
    longitude: event.venue?.longitude ?? null,
    segment: segment && segment !== "Undefined" ? segment : null,
    genre: genre && genre !== "Undefined" ? genre : null,
    priceMinMinor: event.priceRange?.minMinor ?? null,
    priceMaxMinor: event.priceRange?.maxMinor ?? null,
    currency: event.priceRange?.currency ?? null,
    publicSaleStartsAt: event.publicSale.startsAt ? new Date(event.publicSale.startsAt) : null,
    attractionIds: event.attractions.map((attraction) => attraction.id),
    data: event,
    lastSeenAt: now,
    goneAt: null,
  };
}

export function findEventsByProviderIds(db: DbOrTx, params: { provider: string; ids: string[] }) {
  if (params.ids.length === 0) return Promise.resolve([]);
  return db.select().from(events).where(and(eq(events.provider, params.provider), inArray(events.providerEventId, params.ids)));
}

/** Inserts or refreshes events; an event whose data differs from what is stored gets a new last-changed time. */
/** Rows per statement: ~26 columns each stays well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1_000;

export async function upsertEvents(db: DbOrTx, params: { events: Event[]; now: Date; sourceNow: Date }) {
  const stored: { id: string; providerEventId: string }[] = [];
  for (let start = 0; start < params.events.length; start += CHUNK) {
    stored.push(...(await upsertEventChunk(db, { ...params, events: params.events.slice(start, start + CHUNK) })));
  }
  return stored;
}

async function upsertEventChunk(db: DbOrTx, params: { events: Event[]; now: Date; sourceNow: Date }) {
  if (params.events.length === 0) return [];
  const rows = params.events.map((event) => ({ ...toColumns(event, params.now), firstSeenAt: params.now, lastChangedAt: params.now, lastSourceAt: params.sourceNow }));
  return db
    .insert(events)
    .values(rows)
    .onConflictDoUpdate({
      target: [events.provider, events.providerEventId],
      set: {
        name: sql`excluded.name`,
        url: sql`excluded.url`,
        status: sql`excluded.status`,
        startsAt: sql`excluded.starts_at`,
        localDate: sql`excluded.local_date`,
        timezone: sql`excluded.timezone`,
        venueName: sql`excluded.venue_name`,
        city: sql`excluded.city`,
        countryCode: sql`excluded.country_code`,
        latitude: sql`excluded.latitude`,
        longitude: sql`excluded.longitude`,
        segment: sql`excluded.segment`,
        genre: sql`excluded.genre`,
        priceMinMinor: sql`excluded.price_min_minor`,
        priceMaxMinor: sql`excluded.price_max_minor`,
        currency: sql`excluded.currency`,
        publicSaleStartsAt: sql`excluded.public_sale_starts_at`,
        attractionIds: sql`excluded.attraction_ids`,
        data: sql`excluded.data`,
        lastSeenAt: sql`excluded.last_seen_at`,
        lastSourceAt: sql`excluded.last_source_at`,
        lastChangedAt: sql`case when excluded.data is distinct from ${events.data} then excluded.last_seen_at else ${events.lastChangedAt} end`,
        goneAt: sql`null`,
      },
    })
    .returning({ id: events.id, providerEventId: events.providerEventId });
}

export async function insertSnapshots(db: DbOrTx, params: { snapshots: { eventId: string; event: Event }[]; now: Date }) {
  for (let start = 0; start < params.snapshots.length; start += CHUNK) {
    await insertSnapshotChunk(db, { ...params, snapshots: params.snapshots.slice(start, start + CHUNK) });
  }
}

async function insertSnapshotChunk(db: DbOrTx, params: { snapshots: { eventId: string; event: Event }[]; now: Date }) {
  if (params.snapshots.length === 0) return;
  await db.insert(eventSnapshots).values(
    params.snapshots.map(({ eventId, event }) => ({
      eventId,
      data: event,
      priceMinMinor: event.priceRange?.minMinor ?? null,
      currency: event.priceRange?.currency ?? null,
      observedAt: params.now,
    })),
  );
}

export interface EventSearch {
  q?: string;
  countryCode?: string;
  city?: string;
  segment?: string;
  /** Lowest known price at most `maxMinor` in that currency; `otherwiseMinor` for currencies not listed. */
  priceCeiling?: { byCurrency: { currency: string; maxMinor: number }[]; otherwiseMinor: number | null };
  from?: Date;
  to?: Date;
  /** "date": soonest first; "price": lowest known price first (events without one last), then soonest. */
  sort?: "date" | "price";
  limit: number;
  offset: number;
}

/** Text matched literally by ILIKE: its wildcards and escape character escaped. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** A named statement's values, by placeholder name (dates as ISO text); which are present decides its text. */
function readSearchValues(params: EventSearch) {
  const values: Record<string, string | number> = { limit: params.limit, offset: params.offset };
  if (params.q) values.pattern = `%${escapeLike(params.q)}%`;
  if (params.countryCode) values.countryCode = params.countryCode;
  if (params.city) values.city = escapeLike(params.city);
  if (params.segment) values.segment = params.segment;
  if (params.from) values.from = params.from.toISOString();
  if (params.to) values.to = params.to.toISOString();
  return values;
}

/** `value` gives each bound value as itself (a search built each time) or as its placeholder (a named statement). */
function buildEventSearch(db: DbOrTx, params: EventSearch, value: <T>(key: string, actual: T) => T | Placeholder) {
  const conditions: SQL[] = [isNull(events.goneAt)];
  if (params.q) {
    const pattern = value("pattern", `%${escapeLike(params.q)}%`);
    conditions.push(or(ilike(events.name, pattern), ilike(events.venueName, pattern), ilike(events.city, pattern))!);
  }
  if (params.countryCode) conditions.push(eq(events.countryCode, value("countryCode", params.countryCode)));
  if (params.city) conditions.push(ilike(events.city, value("city", escapeLike(params.city))));
  if (params.priceCeiling) {
    const { byCurrency, otherwiseMinor } = params.priceCeiling;
    const listed = byCurrency.map(({ currency, maxMinor }) => and(eq(events.currency, currency), lte(events.priceMinMinor, maxMinor)));
    const others = otherwiseMinor == null ? undefined : and(notInArray(events.currency, byCurrency.map(({ currency }) => currency)), lte(events.priceMinMinor, otherwiseMinor));
    conditions.push(and(isNotNull(events.priceMinMinor), or(...listed, others))!);
  }
  if (params.segment) conditions.push(eq(events.segment, value("segment", params.segment)));
  if (params.from) conditions.push(gte(events.startsAt, value("from", params.from)));
  if (params.to) conditions.push(lte(events.startsAt, value("to", params.to)));
  return db
    .select()
    .from(events)
    .where(and(...conditions))
    .orderBy(...(params.sort === "price" ? [sql`${events.priceMinMinor} asc nulls last`] : []), sql`${events.startsAt} asc nulls last`, asc(events.name))
    .limit(value("limit", params.limit))
    .offset(value("offset", params.offset));
}

export function searchStoredEvents(db: DbOrTx, params: EventSearch) {
  const values = readSearchValues(params);
  // A price ceiling's currency list varies in length: that search is built each time. The others are named
  // statements, one per combination of filters and sort, with the values as placeholders.
  if (params.priceCeiling) return buildEventSearch(db, params, (_key, actual) => actual);
  const name = ["events_search", ...Object.keys(values).sort(), params.sort === "price" ? "by_price" : "by_date"].join("_");
  return preparedOnce(db, name, () => buildEventSearch(db, params, (key) => sql.placeholder(key)).prepare(name)).execute(values);
}

export async function countStoredEvents(db: DbOrTx) {
  const [row] = await preparedOnce(db, "events_count", () =>
    db
      .select({ value: sql<number>`count(*)::int` })
      .from(events)
      .where(isNull(events.goneAt))
      .prepare("events_count"),
  ).execute();
  return row?.value ?? 0;
}

/** Upcoming events not gone, newest knowledge first; the first-run matcher filters them. */
/**
 * Events not gone that start after `after` (or have no start yet), soonest first. With `salesAfter`, only those
 * with a sale window still ahead then: a public on-sale that has not opened, or a presale that has not ended (or
 * has no end and has not opened). The presale test compares ISO strings, a second early so that no format of
 * the same instant is missed; callers check the exact times.
 */
export function listUpcomingEvents(db: DbOrTx, params: { after: Date; limit: number; salesAfter?: Date }) {
  const salesAfter = params.salesAfter ? new Date(params.salesAfter.getTime() - 1_000).toISOString() : null;
  const hasSaleAhead = salesAfter
    ? or(
        gt(events.publicSaleStartsAt, params.salesAfter!),
        sql`jsonb_path_exists(${events.data}, '$.presales[*] ? (@.endsAt > $t || (@.endsAt == null && @.startsAt > $t))', jsonb_build_object('t', ${salesAfter}::text))`,
      )
    : undefined;
  return db
    .select()
    .from(events)
    .where(and(isNull(events.goneAt), or(gte(events.startsAt, params.after), isNull(events.startsAt)), hasSaleAhead))
    .orderBy(sql`${events.startsAt} asc nulls last`)
    .limit(params.limit);
}

export async function markEventsGone(db: DbOrTx, params: { provider: string; ids: string[]; now: Date }) {
  if (!params.ids.length) return;
  await db.update(events).set({ goneAt: params.now }).where(and(eq(events.provider, params.provider), inArray(events.providerEventId, params.ids)));
}

const findEventStatement = (db: DbOrTx) => preparedOnce(db, "events_find", () => db.select().from(events).where(eq(events.id, sql.placeholder("id"))).prepare("events_find"));

export async function findEventById(db: DbOrTx, params: { id: string }) {
  const [row] = await findEventStatement(db).execute({ id: params.id });
  return row ?? null;
}

/** The event's observed lowest prices over time (only snapshots that carried a price). */
export function listPriceSnapshots(db: DbOrTx, params: { eventId: string; limit: number }) {
  return preparedOnce(db, "events_price_history", () =>
    db
      .select({ observedAt: eventSnapshots.observedAt, priceMinMinor: eventSnapshots.priceMinMinor, currency: eventSnapshots.currency })
      .from(eventSnapshots)
      .where(and(eq(eventSnapshots.eventId, sql.placeholder("eventId")), sql`${eventSnapshots.priceMinMinor} is not null`))
      .orderBy(asc(eventSnapshots.observedAt))
      .limit(sql.placeholder("limit"))
      .prepare("events_price_history"),
  ).execute({ eventId: params.eventId, limit: params.limit });
}
