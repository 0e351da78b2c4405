/**
 * Discovery Feed (`/discovery-feed/v2/events.json?countryCode=XX`, providers.md 1.12 [TM-FEED]): a per-country
 * bulk file, the cheap way to sweep the catalogue. Its real per-country JSON layout is not in our sources, so
 * the schema is deliberately tolerant: the flat record layout our sandbox serves (`eventId`, `eventName`,
 * `venue{venueId…}`, …) and, as a fallback, Discovery-style `_embedded.events` items are both accepted, every
 * field is optional, and bad records are skipped and reported.
 */
import { z } from "zod";
import type { Event, PriceRange, Venue } from "../types";
import { parseItem, tmEvent, type InvalidItem } from "./schemas";
import { cleanText, nameOrNull, normalizeInstant, readStatusCode, toCoordinate, toMinorUnits, transformEvent, TransformError } from "./transform";

export const FEED_PATH = "/discovery-feed/v2/events.json";

const text = z.string().nullish();
const flag = z.boolean().nullish();
const coordinate = z.union([z.string(), z.number()]).nullish();

export const feedRecord = z.looseObject({
  eventId: z.string().min(1),
  eventName: z.string(),
  primaryEventUrl: text,
  eventStatus: text,
  transactable: flag,
  eventStartLocalDate: text,
  eventStartLocalTime: text,
  eventStartDateTime: text,
  eventDateTBA: flag,
  eventDateTBD: flag,
  eventTimeTBA: flag,
  eventNoSpecificTime: flag,
  timezone: text,
  initialStartDateTime: text,
  onsaleStartDateTime: text,
  onsaleEndDateTime: text,
  presales: z.array(z.looseObject({ name: text, startDateTime: text, endDateTime: text })).nullish(),
  minPrice: z.union([z.number(), z.string()]).nullish(),
  maxPrice: z.union([z.number(), z.string()]).nullish(),
  currency: text,
  classificationSegment: text,
  classificationSegmentId: text,
  classificationGenre: text,
  classificationGenreId: text,
  classificationSubGenre: text,
  venue: z
    .looseObject({
      venueId: text,
      venueName: text,
      venueCity: text,
      venueStateCode: text,
      venueCountryCode: text,
      venueLatitude: coordinate,
      venueLongitude: coordinate,
      venueTimezone: text,
    })
    .nullish(),
  attractions: z.array(z.looseObject({ attractionId: text, attractionName: text })).nullish(),
  imageUrl: text,
  seatmapUrl: text,
  ticketLimit: text,
});
export type FeedRecord = z.infer<typeof feedRecord>;

const feedEnvelope = z.looseObject({
  meta: z.looseObject({ generatedAt: text, nextRefreshAt: text, countryCode: text }).nullish(),
  events: z.array(z.unknown()).nullish(),
  _embedded: z.looseObject({ events: z.array(z.unknown()).nullish() }).nullish(),
});

export interface FeedEntry {
  event: Event;
  /** The feed's "transactable status flag"; null when the record does not say. */
  isTransactable: boolean | null;
}

export interface ParsedFeed {
  generatedAt: string | null;
  nextRefreshAt: string | null;
  entries: FeedEntry[];
  invalid: InvalidItem[];
}

function toPrice(record: FeedRecord): PriceRange | null {
  const currency = cleanText(record.currency);
  const min = record.minPrice === null || record.minPrice === undefined ? null : Number(record.minPrice);
  const max = record.maxPrice === null || record.maxPrice === undefined ? null : Number(record.maxPrice);
  const low = Number.isFinite(min) ? min : Number.isFinite(max) ? max : null;
  const high = Number.isFinite(max) ? max : low;
  if (!currency || low === null || high === null) return null;
  return { minMinor: toMinorUnits(low, currency), maxMinor: toMinorUnits(high, currency), currency };
}

function toVenue(v: FeedRecord["venue"]): Venue | null {
  const id = cleanText(v?.venueId);
  if (!v || !id) return null;
  return {
    id,
    name: cleanText(v.venueName) ?? id,
    city: cleanText(v.venueCity),
    stateCode: cleanText(v.venueStateCode),
    countryCode: cleanText(v.venueCountryCode),
    latitude: toCoordinate(v.venueLatitude),
    longitude: toCoordinate(v.venueLongitude),
    timezone: cleanText(v.venueTimezone),
  };
}

/** One flat feed record as our Event; throws TransformError without a known status. */
export function transformFeedRecord(r: FeedRecord): Event {
  const status = readStatusCode(r.eventStatus);
  if (!status) throw new TransformError(`feed event ${r.eventId} has unknown status "${r.eventStatus ?? ""}"`);
  const venue = toVenue(r.venue);
  const hasNoSpecificTime = r.eventNoSpecificTime === true;
  const segment = nameOrNull({ name: r.classificationSegment });
  const genre = nameOrNull({ name: r.classificationGenre });
  const classification = {
    segment,
    genre,
    subGenre: nameOrNull({ name: r.classificationSubGenre }),
    segmentId: cleanText(r.classificationSegmentId),
    genreId: cleanText(r.classificationGenreId),
  };
  return {
    provider: "ticketmaster",
    id: r.eventId,
    name: r.eventName.trim(),
    url: cleanText(r.primaryEventUrl),
    start: {
      localDate: cleanText(r.eventStartLocalDate),
      localTime: hasNoSpecificTime ? null : cleanText(r.eventStartLocalTime),
      dateTime: hasNoSpecificTime ? null : normalizeInstant(r.eventStartDateTime),
      timezone: cleanText(r.timezone) ?? venue?.timezone ?? null,
      isTba: r.eventDateTBA === true || r.eventTimeTBA === true,
      isTbd: r.eventDateTBD === true,
      hasNoSpecificTime,
    },
    status,
    initialStartDate: normalizeInstant(r.initialStartDateTime),
    publicSale: { startsAt: normalizeInstant(r.onsaleStartDateTime), endsAt: normalizeInstant(r.onsaleEndDateTime) },
    presales: (r.presales ?? []).map((p) => ({
      name: cleanText(p.name) ?? "Presale",
      startsAt: normalizeInstant(p.startDateTime),
      endsAt: normalizeInstant(p.endDateTime),
    })),
    priceRange: toPrice(r),
    classification: Object.values(classification).every((v) => v === null) ? null : classification,
    venue,
    attractions: (r.attractions ?? []).flatMap((a) => {
      const id = cleanText(a.attractionId);
      const name = cleanText(a.attractionName);
      return id && name ? [{ id, name, url: null, classification: null }] : [];
    }),
    ticketLimit: cleanText(r.ticketLimit),
    imageUrl: cleanText(r.imageUrl),
    seatmapUrl: cleanText(r.seatmapUrl),
    availability: null,
    sectionOffers: null,
  };
}

function parseFeedItem(raw: unknown): { entry: FeedEntry } | { invalid: InvalidItem } {
  const isDiscoveryShaped = raw !== null && typeof raw === "object" && "dates" in raw;
  try {
    if (isDiscoveryShaped) {
      const parsed = parseItem(tmEvent, raw, "event");
      return "item" in parsed ? { entry: { event: transformEvent(parsed.item), isTransactable: null } } : parsed;
    }
    const parsed = parseItem(feedRecord, raw, "event");
    if ("invalid" in parsed) return parsed;
    return { entry: { event: transformFeedRecord(parsed.item), isTransactable: parsed.item.transactable ?? null } };
  } catch (error) {
    if (!(error instanceof TransformError)) throw error;
    const id = (raw as { eventId?: unknown; id?: unknown }).eventId ?? (raw as { id?: unknown }).id;
    return { invalid: { kind: "event", id: typeof id === "string" ? id : null, message: error.message } };
  }
}

/** Parses a country feed body; null when it is not a feed at all. */
export function parseFeed(body: unknown): ParsedFeed | null {
  const envelope = feedEnvelope.safeParse(body);
  if (!envelope.success) return null;
  const rawItems = envelope.data.events ?? envelope.data._embedded?.events ?? null;
  if (rawItems === null) return null;
  const entries: FeedEntry[] = [];
  const invalid: InvalidItem[] = [];
  for (const raw of rawItems) {
    const result = parseFeedItem(raw);
    if ("entry" in result) entries.push(result.entry);
    else invalid.push(result.invalid);
  }
  return {
    generatedAt: normalizeInstant(envelope.data.meta?.generatedAt),
    nextRefreshAt: normalizeInstant(envelope.data.meta?.nextRefreshAt),
    entries,
    invalid,
  };
}
