/**
 * The Ticketmaster Discovery adapter behind our Provider port. Searches sweep with `sort=id,asc` at size 199,
 * batch attraction/venue ids into as few URLs as fit, and split date windows instead of paging too deep.
 */
import { systemClock, type Clock } from "../http/clock";
import {
  ProviderError,
  type AttractionHit,
  type Event,
  type EventPage,
  type EventQuery,
  type Provider,
  type ProviderCapabilities,
  type VenueHit,
} from "../types";
import type { QueryParams, TicketmasterClient } from "./client";
import { formatDiscoveryDate } from "./dates";
import { FEED_PATH, parseFeed, type ParsedFeed } from "./feed";
import { MAX_SAFE_URL_LENGTH, planIdBatches, type IdLists } from "./id-batching";
import {
  buildFilterParams,
  DISCOVERY_PAGE_SIZE,
  DISCOVERY_PAGING_DEPTH,
  DISCOVERY_TOTAL_CAP,
  SWEEP_SORT,
} from "./query-params";
import { parseItem, parseList, tmAttraction, tmEvent, tmVenue, type InvalidItem, type TmEvent } from "./schemas";
import { transformAttractionHit, transformEvent, TransformError, transformVenueHit } from "./transform";
import { searchByDateWindows, type FetchedPage, type TimeWindow } from "./window-search";

export const EVENTS_PATH = "/discovery/v2/events.json";
const ATTRACTIONS_PATH = "/discovery/v2/attractions.json";
const VENUES_PATH = "/discovery/v2/venues.json";
const AUTOCOMPLETE_SIZE = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Discovery gives status, sale windows and sometimes a face-value range; never sections or quantities (providers.md 2). */
export const TICKETMASTER_CAPABILITIES: ProviderCapabilities = {
  status: true,
  priceRange: true,
  sections: false,
  quantities: false,
  availability: false,
  presales: true,
};

export interface TicketmasterProviderOptions {
  client: TicketmasterClient;
  clock?: Clock;
  /** Default cap on calls per searchEvents (each call costs quota). */
  maxCallsPerSearch?: number;
  maxUrlLength?: number;
  /** How far ahead an undated query is split once it proves too big for paging. */
  openEndedHorizonDays?: number;
  /** Vendor items that did not parse or map; they are skipped, never fatal. */
  onInvalidItem?(item: InvalidItem): void;
}

export class TicketmasterProvider implements Provider {
  readonly id = "ticketmaster" as const;
  readonly capabilities = TICKETMASTER_CAPABILITIES;
  readonly client: TicketmasterClient;
  private readonly clock: Clock;
  private readonly maxCallsPerSearch: number;
  private readonly maxUrlLength: number;
  private readonly horizonMs: number;
  private readonly onInvalidItem: (item: InvalidItem) => void;

  constructor(options: TicketmasterProviderOptions) {
    this.client = options.client;
    this.clock = options.clock ?? systemClock;
    this.maxCallsPerSearch = options.maxCallsPerSearch ?? 60;
    this.maxUrlLength = options.maxUrlLength ?? MAX_SAFE_URL_LENGTH;
    this.horizonMs = (options.openEndedHorizonDays ?? 3 * 365) * DAY_MS;
    this.onInvalidItem = options.onInvalidItem ?? (() => {});
  }

  /** All events matching the query, splitting id lists and date windows so no request pages too deep. */
  async searchEvents(query: EventQuery, options: { signal?: AbortSignal; maxCalls?: number } = {}): Promise<EventPage> {
    const filters = buildFilterParams(query);
    const window = this.readWindow(query);
    const fallbackFrom = window?.fromMs ?? floorToSecond(this.clock.now());
    const fallbackWindow = window ?? { fromMs: fallbackFrom, toMs: fallbackFrom + this.horizonMs };
    const batches = this.planBatches(query, filters);

    let callsLeft = options.maxCalls ?? this.maxCallsPerSearch;
    const events = new Map<string, Event>();
    let total = 0;
    let isTruncated = false;
    for (const batch of batches) {
      if (callsLeft <= 0) {
        isTruncated = true;
        break;
      }
      const fetchPage = (w: TimeWindow | null, page: number) => this.fetchEventsPage(filters, batch, w, page, options.signal);
      const result = await searchByDateWindows(fetchPage, (e) => e.id, {
        pageSize: DISCOVERY_PAGE_SIZE,
        pagingDepth: DISCOVERY_PAGING_DEPTH,
        totalCap: DISCOVERY_TOTAL_CAP,
        maxCalls: callsLeft,
        window,
        fallbackWindow,
      });
      callsLeft -= result.calls;
      total += result.total;
      isTruncated ||= result.isTruncated;
      for (const event of result.items) if (!events.has(event.id)) events.set(event.id, event);
    }
    return { events: [...events.values()], total: isTruncated ? Math.max(total, events.size) : events.size, isTruncated };
  }

  /** Events by id, one `/events/{id}` call each; ids Discovery no longer knows (404) are left out. */
  async getEvents(ids: string[], options: { signal?: AbortSignal } = {}): Promise<Event[]> {
    const events: Event[] = [];
    for (const id of new Set(ids)) {
      let body: unknown;
      try {
        body = await this.client.getJson(`/discovery/v2/events/${encodeURIComponent(id)}.json`, {}, options);
      } catch (error) {
        if (error instanceof ProviderError && error.kind === "not-found") continue;
        throw error;
      }
      const parsed = parseItem(tmEvent, body, "event");
      if ("invalid" in parsed) {
        this.onInvalidItem(parsed.invalid);
        continue;
      }
      const event = this.transformOrReport(parsed.item);
      if (event) events.push(event);
    }
    return events;
  }

  /** Attraction (artist/team) suggestions for a typed keyword. */
  async searchAttractions(keyword: string, options: { signal?: AbortSignal } = {}): Promise<AttractionHit[]> {
    const body = await this.client.getJson(ATTRACTIONS_PATH, { keyword, size: AUTOCOMPLETE_SIZE }, options);
    const list = this.requireList(parseList(body, "attractions", tmAttraction, "attraction"), ATTRACTIONS_PATH);
    return list.items.map(transformAttractionHit).filter((hit): hit is AttractionHit => hit !== null);
  }

  /** Venue suggestions for a typed keyword. */
  async searchVenues(keyword: string, options: { signal?: AbortSignal } = {}): Promise<VenueHit[]> {
    const body = await this.client.getJson(VENUES_PATH, { keyword, size: AUTOCOMPLETE_SIZE }, options);
    const list = this.requireList(parseList(body, "venues", tmVenue, "venue"), VENUES_PATH);
    return list.items.map(transformVenueHit).filter((hit): hit is VenueHit => hit !== null);
  }

  /** One country's Discovery Feed file in a single call: the cheap catalogue sweep (providers.md 1.12). */
  async fetchCountryFeed(countryCode: string, options: { signal?: AbortSignal } = {}): Promise<ParsedFeed> {
    const body = await this.client.getJson(FEED_PATH, { countryCode: countryCode.toUpperCase() }, options);
    const feed = parseFeed(body);
    if (!feed) throw new ProviderError("ticketmaster", "bad-response", `Ticketmaster ${FEED_PATH} returned JSON that is not a feed`);
    for (const invalid of feed.invalid) this.onInvalidItem(invalid);
    return feed;
  }

  private async fetchEventsPage(
    filters: QueryParams,
    batch: IdLists,
    window: TimeWindow | null,
    page: number,
    signal?: AbortSignal,
  ): Promise<FetchedPage<Event>> {
    const params: QueryParams = {
      ...filters,
      attractionId: batch.attractionIds.length > 0 ? batch.attractionIds : undefined,
      venueId: batch.venueIds.length > 0 ? batch.venueIds : undefined,
      startDateTime: window ? formatDiscoveryDate(window.fromMs) : undefined,
      endDateTime: window ? formatDiscoveryDate(window.toMs) : undefined,
      size: DISCOVERY_PAGE_SIZE,
      page,
      sort: SWEEP_SORT,
    };
    const body = await this.client.getJson(EVENTS_PATH, params, { signal });
    const list = this.requireList(parseList(body, "events", tmEvent, "event"), EVENTS_PATH);
    const items = list.items.map((e) => this.transformOrReport(e)).filter((e): e is Event => e !== null);
    return { items, totalElements: list.totalElements };
  }

  private transformOrReport(event: TmEvent): Event | null {
    try {
      return transformEvent(event);
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      this.onInvalidItem({ kind: "event", id: event.id, message: error.message });
      return null;
    }
  }

  private requireList<T>(list: ReturnType<typeof parseList<T>>, path: string) {
    if (!list) throw new ProviderError("ticketmaster", "bad-response", `Ticketmaster ${path} returned JSON that is not a Discovery list`);
    for (const invalid of list.invalid) this.onInvalidItem(invalid);
    return list;
  }

  private readWindow(query: EventQuery): TimeWindow | null {
    if (!query.startFrom && !query.startTo) return null;
    const fromMs = query.startFrom ? floorToSecond(Date.parse(query.startFrom)) : floorToSecond(this.clock.now());
    const toMs = query.startTo ? floorToSecond(Date.parse(query.startTo)) : fromMs + this.horizonMs;
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
      throw new ProviderError("ticketmaster", "bad-request", "EventQuery.startFrom/startTo must be ISO-8601 instants");
    }
    return { fromMs, toMs };
  }

  /** Id batches whose URLs, at their longest (deepest page, both dates), stay under the URL limit. */
  private planBatches(query: EventQuery, filters: QueryParams): IdLists[] {
    const lists = { attractionIds: query.attractionIds ?? [], venueIds: query.venueIds ?? [] };
    const longest = this.client.buildUrl(EVENTS_PATH, {
      ...filters,
      attractionId: lists.attractionIds.length > 0 ? "" : undefined,
      venueId: lists.venueIds.length > 0 ? "" : undefined,
      startDateTime: "2000-01-01T00:00:00Z",
      endDateTime: "2000-01-01T00:00:00Z",
      size: DISCOVERY_PAGE_SIZE,
      page: 99,
      sort: SWEEP_SORT,
    });
    return planIdBatches(lists, longest.length, this.maxUrlLength);
  }
}

function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
