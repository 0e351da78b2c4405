/**
 * SeatGeek vendor records → our normalized types. Pure: no IO, no clock. SeatGeek gives no sale windows,
 * presales, sections or cancelled flag, so those stay empty/null rather than invented.
 */
import { toMinorUnits } from "@/server/lib/money";
import type { AttractionHit, Classification, Event, EventStatus, PriceRange, Venue, VenueHit } from "../types";
import type { SgEvent, SgPerformer, SgStats, SgTaxonomy, SgVenue } from "./schemas";

/** SeatGeek reports prices in USD (providers.md 3.3 [SG-REAL-2020]). */
const seatGeekCurrency = "USD";

/**
 * `datetime_utc` has no `Z` (providers.md 3.3 [SG-REAL-2020]); read it as UTC and emit a full ISO instant
 * (`toISOString`, as the Ticketmaster transform does). An explicit offset, should one ever appear, is honoured.
 */
export function parseSeatGeekUtc(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(trimmed);
  const parsed = Date.parse(hasZone ? trimmed : `${trimmed}Z`);
  if (Number.isNaN(parsed)) return null;
  return new Date(parsed).toISOString();
}

/** `datetime_local` is venue wall time: split it, never shift it. */
function splitLocal(value: string | null | undefined): { date: string | null; time: string | null } {
  const match = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d)?))?/.exec(value?.trim() ?? "");
  if (!match) return { date: null, time: null };
  const time = match[2] ? (match[2].length === 5 ? `${match[2]}:00` : match[2]) : null;
  return { date: match[1] ?? null, time };
}

/** SeatGeek has no cancelled flag (cancelled events vanish, providers.md 3.3 [SG-#52]); anything listed is on sale. */
function mapStatus(status: string | null | undefined): EventStatus {
  switch (status?.toLowerCase()) {
    case "rescheduled":
      return "rescheduled";
    case "postponed":
      return "postponed";
    case "cancelled":
    case "canceled":
      return "cancelled";
    default:
      return "onsale";
  }
}

function toDollarsMinor(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? toMinorUnits(value, seatGeekCurrency) : null;
}

/** Best effort: `lowest_price` gives the minimum; stats are often `{}` or null since 2024 → null. */
export function transformStats(stats: SgStats | null | undefined): PriceRange | null {
  const min = toDollarsMinor(stats?.lowest_price);
  if (min === null) return null;
  const max = toDollarsMinor(stats?.highest_price);
  return { minMinor: min, maxMinor: max !== null && max >= min ? max : min, currency: seatGeekCurrency };
}

/** Taxonomies ordered root → leaf (`sports` → `basketball` → `nba`) by following parent ids. */
function orderTaxonomies(taxonomies: SgTaxonomy[]): SgTaxonomy[] {
  const byParent = new Map<string, SgTaxonomy>();
  for (const taxonomy of taxonomies) if (taxonomy.parent_id != null) byParent.set(String(taxonomy.parent_id), taxonomy);
  const root = taxonomies.find((taxonomy) => taxonomy.parent_id == null) ?? taxonomies[0];
  const chain: SgTaxonomy[] = [];
  for (let current = root; current && chain.length < taxonomies.length; current = current.id == null ? undefined : byParent.get(String(current.id))) {
    chain.push(current);
  }
  return chain;
}

export function transformTaxonomies(taxonomies: SgTaxonomy[] | null | undefined): Classification | null {
  const chain = orderTaxonomies(taxonomies ?? []);
  const [segment, genre, subGenre] = chain;
  if (!segment) return null;
  return {
    segment: segment.name,
    genre: genre?.name ?? null,
    subGenre: subGenre?.name ?? null,
    segmentId: segment.id == null ? null : String(segment.id),
    genreId: genre?.id == null ? null : String(genre.id),
  };
}

export function transformVenue(venue: SgVenue): Venue {
  return {
    id: String(venue.id),
    name: venue.name,
    city: venue.city ?? null,
    stateCode: venue.state ?? null,
    countryCode: venue.country ?? null,
    latitude: venue.location?.lat ?? null,
    longitude: venue.location?.lon ?? null,
    timezone: venue.timezone ?? null,
  };
}

function pickImage(performers: SgPerformer[]): string | null {
  const primary = performers.find((performer) => performer.primary) ?? performers[0];
  return primary?.image ?? performers.find((performer) => performer.image)?.image ?? null;
}

export function transformSeatGeekEvent(event: SgEvent): Event {
  const performers = event.performers ?? [];
  const local = splitLocal(event.datetime_local);
  const isDateTbd = Boolean(event.date_tbd || event.datetime_tbd);
  const isTimeTbd = Boolean(event.time_tbd) || isDateTbd;
  return {
    provider: "seatgeek",
    id: String(event.id),
    name: event.title,
    url: event.url ?? null,
    start: {
      // A TBD date or time carries a placeholder on SeatGeek (03:30 local); report it as unknown.
      localDate: isDateTbd ? null : local.date,
      localTime: isTimeTbd ? null : local.time,
      dateTime: isTimeTbd ? null : parseSeatGeekUtc(event.datetime_utc),
      timezone: event.venue?.timezone ?? null,
      isTba: false,
      isTbd: isDateTbd,
      hasNoSpecificTime: isTimeTbd,
    },
    status: mapStatus(event.status),
    initialStartDate: null,
    publicSale: { startsAt: null, endsAt: null },
    presales: [],
    priceRange: transformStats(event.stats),
    classification: transformTaxonomies(event.taxonomies),
    venue: event.venue ? transformVenue(event.venue) : null,
    attractions: performers.map((performer) => ({
      id: String(performer.id),
      name: performer.name,
      url: performer.url ?? null,
      classification: transformTaxonomies(performer.taxonomies),
    })),
    ticketLimit: null,
    imageUrl: pickImage(performers),
    seatmapUrl: null,
    availability: null,
    sectionOffers: null,
  };
}

export function transformPerformerHit(performer: SgPerformer): AttractionHit {
  return {
    id: String(performer.id),
    name: performer.name,
    classification: transformTaxonomies(performer.taxonomies),
    upcomingEvents: performer.num_upcoming_events ?? null,
    imageUrl: performer.image ?? null,
  };
}

export function transformVenueHit(venue: SgVenue): VenueHit {
  return { id: String(venue.id), name: venue.name, city: venue.city ?? null, countryCode: venue.country ?? null };
}
