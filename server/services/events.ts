import { z } from "zod";
import type { Db, DbOrTx } from "@/db";
import { hasMeaningfulChange } from "@/server/engine";
import { countStoredEvents, findEventsByProviderIds, insertSnapshots, searchStoredEvents, upsertEvents } from "@/db/queries/events";
import type { EventRow } from "@/db/schema";
import { getCurrencyExponent, toMinorUnits } from "@/server/lib/money";
import type { Event } from "@/server/providers/types";
import { watchFields } from "./watches/input";

/**
 * Stores what a poll saw, inside the caller's transaction: upserts every event and keeps a snapshot only for
 * events that are new or meaningfully changed. Returns the previous state of each event for the differ.
 */
export async function recordObservedEventsIn(tx: DbOrTx, observed: Event[], clocks: { now: Date; sourceNow: Date }) {
  const unique = [...new Map(observed.map((event) => [`${event.provider}:${event.id}`, event])).values()];
  const byProvider = new Map<string, Event[]>();
  for (const event of unique) byProvider.set(event.provider, [...(byProvider.get(event.provider) ?? []), event]);
  const previous = new Map<string, Event>();
  const lastSourceAt = new Map<string, Date | null>();
  for (const [provider, list] of byProvider) {
    for (const row of await findEventsByProviderIds(tx, { provider, ids: list.map((event) => event.id) })) {
      previous.set(`${provider}:${row.providerEventId}`, row.data);
      lastSourceAt.set(`${provider}:${row.providerEventId}`, row.lastSourceAt);
    }
  }
  const changed = unique.filter((event) => hasMeaningfulChange(previous.get(`${event.provider}:${event.id}`) ?? null, event));
  const stored = await upsertEvents(tx, { events: unique, now: clocks.now, sourceNow: clocks.sourceNow });
  const idOf = new Map(stored.map((row) => [row.providerEventId, row.id]));
  await insertSnapshots(tx, { snapshots: changed.map((event) => ({ eventId: idOf.get(event.id)!, event })), now: clocks.now });
  return {
    inserted: changed.filter((event) => !previous.has(`${event.provider}:${event.id}`)).map((event) => event.id),
    changed: changed.filter((event) => previous.has(`${event.provider}:${event.id}`)).map((event) => event.id),
    seen: unique.length,
    previous,
    lastSourceAt,
    events: unique,
    /** Our row id per provider event id. */
    rowIds: idOf,
  };
}

export function recordObservedEvents(db: Db, observed: Event[], clocks: { now: Date; sourceNow: Date }) {
  return db.transaction((tx) => recordObservedEventsIn(tx, observed, clocks));
}

export const searchEventsInput = z.object({
  q: z.string().trim().max(100, "Keep the search under 100 characters").optional(),
  countryCode: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Country must be a two-letter code").optional(),
  city: z.string().trim().min(1, "City can't be empty").max(100, "City can be at most 100 characters").optional(),
  segment: z.string().trim().max(40).optional(),
  /** The lowest known price at most this, in major units of the event's currency (or of `currency`). */
  maxPrice: z.number("Maximum price must be a number").min(0, "Maximum price can't be negative").max(1_000_000, "Maximum price can be at most 1,000,000").optional(),
  currency: watchFields.shape.currency,
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  sort: z.enum(["date", "price"], "Sort by date or price").default("date"),
  limit: z.int().min(1).max(100).default(30),
  offset: z.int().min(0).max(10_000).default(0),
});
export type SearchEventsInput = z.input<typeof searchEventsInput>;

export function toEventSummary(row: EventRow) {
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    url: row.url,
    status: row.status,
    startsAt: row.startsAt,
    localDate: row.localDate,
    timezone: row.timezone,
    venueName: row.venueName,
    city: row.city,
    countryCode: row.countryCode,
    segment: row.segment,
    genre: row.genre,
    priceMinMinor: row.priceMinMinor,
    priceMaxMinor: row.priceMaxMinor,
    currency: row.currency,
    publicSaleStartsAt: row.publicSaleStartsAt,
    lastChangedAt: row.lastChangedAt,
  };
}

/** Currencies whose minor unit is not a hundredth (JPY, BHD, …): a major-unit price converts differently. */
const UNUSUAL_EXPONENT_CURRENCIES = Intl.supportedValuesOf("currency").filter((code) => getCurrencyExponent(code) !== 2);

function toPriceCeiling(maxPrice: number, currency: string | null | undefined) {
  if (currency) return { byCurrency: [{ currency, maxMinor: toMinorUnits(maxPrice, currency) }], otherwiseMinor: null };
  return {
    byCurrency: UNUSUAL_EXPONENT_CURRENCIES.map((code) => ({ currency: code, maxMinor: toMinorUnits(maxPrice, code) })),
    otherwiseMinor: Math.round(maxPrice * 100),
  };
}

export async function searchEvents(db: Db, input: z.output<typeof searchEventsInput>) {
  const { maxPrice, currency, ...filters } = input;
  const priceCeiling = maxPrice != null ? toPriceCeiling(maxPrice, currency) : undefined;
  const rows = await searchStoredEvents(db, { ...filters, priceCeiling });
  return { events: rows.map(toEventSummary), total: await countStoredEvents(db) };
}
