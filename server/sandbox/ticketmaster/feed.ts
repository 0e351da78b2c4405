/**
 * The Discovery Feed stand-in: `/discovery-feed/v2/events.json?countryCode=XX` (providers.md 1.12, TM-FEED).
 * The real per-country file format is not in our sources, so this shape is the fake's own, kept flat and
 * stable so it can be stored as a fixture:
 *
 *   {
 *     "meta": { "feed": "discovery-feed", "version": "v2", "format": "json", "countryCode": "GB",
 *               "generatedAt": "<instant>", "nextRefreshAt": "<instant>", "refreshIntervalSeconds": 3600,
 *               "totalEvents": 2 },
 *     "events": [ {
 *       "eventId", "legacyEventId", "eventName", "primaryEventUrl", "eventStatus", "transactable",
 *       "eventStartLocalDate", "eventStartLocalTime", "eventStartDateTime", "eventDateTBA", "eventDateTBD",
 *       "eventTimeTBA", "eventNoSpecificTime", "timezone", "initialStartDateTime",
 *       "onsaleStartDateTime", "onsaleEndDateTime", "presales": [{ "name", "startDateTime", "endDateTime" }],
 *       "minPrice", "maxPrice", "currency",
 *       "classificationSegment", "classificationSegmentId", "classificationGenre", "classificationGenreId",
 *       "classificationSubGenre",
 *       "venue": { "venueId", "venueName", "venueCity", "venueStateCode", "venueCountryCode",
 *                  "venuePostalCode", "venueLatitude", "venueLongitude", "venueTimezone" } | null,
 *       "attractions": [{ "attractionId", "attractionName" }],
 *       "imageUrl", "seatmapUrl", "ticketLimit", "promoterName"
 *     } ]
 *   }
 *
 * Every key is always present (null when the event lacks it); events are ordered by `eventId`. Values are
 * as in the event (strings stay strings, the 1900 placeholder stays). `transactable` is the feed's
 * "transactable status flag": on sale and inside the public sale or a presale window at generation time.
 * The file is regenerated every `feedRefreshMs` of world time, so between refreshes it lags the API.
 * Feed calls pass the same gateway as API calls (key, spike arrest, quota): the "no call restrictions"
 * claim is UNVERIFIED, so the fake makes clients budget for them.
 */
import { buildInvalidParamError, DiscoveryError } from "./error-bodies";
import { formatDiscoveryInstant, isPast, parseInstant } from "./event-time";
import type { TmEvent } from "./types";
import type { WorldView } from "./world-state";

const LEGACY_ID_PATTERN = /\/event\/([0-9A-F]{16})(?:[/?#]|$)/;

function isOnSaleAt(event: TmEvent, at: number): boolean {
  if (event.dates.status.code !== "onsale") return false;
  const windows = [event.sales?.public, ...(event.sales?.presales ?? [])];
  return windows.some((window) => {
    const start = parseInstant(window?.startDateTime);
    const end = parseInstant(window?.endDateTime);
    return window !== undefined && start !== null && start <= at && (end === null || at <= end);
  });
}

function buildFeedEvent(event: TmEvent, generatedAt: number) {
  const venue = event._embedded?.venues?.[0];
  const classification = event.classifications?.find((c) => c.primary) ?? event.classifications?.[0];
  const price = event.priceRanges?.[0];
  const start = event.dates.start;
  return {
    eventId: event.id,
    legacyEventId: event.url?.match(LEGACY_ID_PATTERN)?.[1] ?? null,
    eventName: event.name,
    primaryEventUrl: event.url ?? null,
    eventStatus: event.dates.status.code,
    transactable: isOnSaleAt(event, generatedAt),
    eventStartLocalDate: start.localDate ?? null,
    eventStartLocalTime: start.localTime ?? null,
    eventStartDateTime: start.dateTime ?? null,
    eventDateTBA: start.dateTBA,
    eventDateTBD: start.dateTBD,
    eventTimeTBA: start.timeTBA,
    eventNoSpecificTime: start.noSpecificTime,
    timezone: event.dates.timezone ?? null,
    initialStartDateTime: event.dates.initialStartDate?.dateTime ?? null,
    onsaleStartDateTime: event.sales?.public?.startDateTime ?? null,
    onsaleEndDateTime: event.sales?.public?.endDateTime ?? null,
    presales: (event.sales?.presales ?? []).map((p) => ({ name: p.name, startDateTime: p.startDateTime, endDateTime: p.endDateTime })),
    minPrice: price?.min ?? null,
    maxPrice: price?.max ?? null,
    currency: price?.currency ?? null,
    classificationSegment: classification?.segment?.name ?? null,
    classificationSegmentId: classification?.segment?.id ?? null,
    classificationGenre: classification?.genre?.name ?? null,
    classificationGenreId: classification?.genre?.id ?? null,
    classificationSubGenre: classification?.subGenre?.name ?? null,
    venue: venue
      ? {
          venueId: venue.id,
          venueName: venue.name,
          venueCity: venue.city?.name ?? null,
          venueStateCode: venue.state?.stateCode ?? null,
          venueCountryCode: venue.country?.countryCode ?? null,
          venuePostalCode: venue.postalCode ?? null,
          venueLatitude: venue.location?.latitude ?? null,
          venueLongitude: venue.location?.longitude ?? null,
          venueTimezone: venue.timezone ?? null,
        }
      : null,
    attractions: (event._embedded?.attractions ?? []).map((a) => ({ attractionId: a.id, attractionName: a.name })),
    imageUrl: event.images?.[0]?.url ?? null,
    seatmapUrl: event.seatmap?.staticUrl ?? null,
    ticketLimit: event.ticketLimit?.info ?? null,
    promoterName: event.promoter?.name ?? null,
  };
}

export type FeedEvent = ReturnType<typeof buildFeedEvent>;

export function readFeedCountry(params: URLSearchParams): string {
  const code = params.get("countryCode")?.trim().toUpperCase() ?? "";
  if (!/^[A-Z]{2}$/.test(code)) {
    throw new DiscoveryError(buildInvalidParamError('Query param "countryCode" is required (ISO 3166-1 alpha-2)'));
  }
  return code;
}

/** The feed as generated at world time `generatedAt` from the world `view` at that time. */
export function buildCountryFeed(view: WorldView, countryCode: string, generatedAt: number, refreshMs: number) {
  const events = view.events
    .filter((event) => !isPast(event, generatedAt))
    .filter((event) => event._embedded?.venues?.some((v) => v.country?.countryCode.toUpperCase() === countryCode))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((event) => buildFeedEvent(event, generatedAt));
  return {
    meta: {
      feed: "discovery-feed",
      version: "v2",
      format: "json",
      countryCode,
      generatedAt: formatDiscoveryInstant(generatedAt),
      nextRefreshAt: formatDiscoveryInstant(generatedAt + refreshMs),
      refreshIntervalSeconds: Math.round(refreshMs / 1000),
      totalEvents: events.length,
    },
    events,
  };
}

/** The metadata file listing every country download (providers.md 1.12). */
export function buildFeedMetadata(view: WorldView, generatedAt: number) {
  const countries = new Set<string>();
  for (const event of view.events) {
    for (const venue of event._embedded?.venues ?? []) if (venue.country) countries.add(venue.country.countryCode.toUpperCase());
  }
  return {
    generatedAt: formatDiscoveryInstant(generatedAt),
    feeds: [...countries].sort().map((countryCode) => ({
      countryCode,
      format: "json",
      href: `/discovery-feed/v2/events.json?countryCode=${countryCode}`,
    })),
  };
}
