/**
 * SeatGeek behind our provider port. Capabilities say what SeatGeek really answers today: no cancelled
 * flag (cancelled events vanish), prices only best effort (stats withdrawn since 2024), no sections,
 * quantities, availability or presales (providers.md 3.3, 6).
 */
import type { AttractionHit, Event, EventPage, EventQuery, Provider, ProviderCapabilities, VenueHit } from "../types";
import { SeatGeekClient, type SeatGeekClientOptions, type SeatGeekQuery } from "./client";
import { transformPerformerHit, transformSeatGeekEvent, transformVenueHit } from "./transform";

export interface SeatGeekProviderOptions extends Omit<SeatGeekClientOptions, "clientId"> {
  /** Without a client id there is no SeatGeek provider (keys are mandatory, providers.md 3.1). */
  clientId?: string | null;
  /** Page size for searches; kept well under the 1000 limit so one slow page stays small. */
  perPage?: number;
  /** Calls one search may spend when the caller gives no `maxCalls`. */
  maxCallsPerSearch?: number;
  /** Ids per batched `/events?id=…` call in `getEvents`. */
  idsPerCall?: number;
  /** Declare price ranges answerable again if SeatGeek restores its stats (withdrawn, providers.md 3.3 [SG-#167]). */
  hasPriceStats?: boolean;
}

const defaultPerPage = 100;
const defaultMaxCallsPerSearch = 10;
const defaultIdsPerCall = 100;

/** Discovery's Music and Sports segment ids (providers.md 1.3) → SeatGeek's top-level taxonomy names. */
const discoverySegmentTaxonomies: Record<string, string> = { KZFzniwnSyZfZ7v7nJ: "concert", KZFzniwnSyZfZ7v7nE: "sports" };

/** SeatGeek range filters take UTC without `Z` or milliseconds, like its own dates (providers.md 3.2, 3.3). */
export function formatSeatGeekDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19);
}

/** Our canonical query → SeatGeek's dotted filters (providers.md 3.2 [SG-SGAPI, SG-#58, SG-#112]). */
export function buildSeatGeekQuery(query: EventQuery): SeatGeekQuery {
  const params: SeatGeekQuery = {};
  if (query.attractionIds?.length) params["performers.id"] = query.attractionIds;
  if (query.venueIds?.length) params["venue.id"] = query.venueIds;
  if (query.keyword) params.q = query.keyword;
  if (query.city) params["venue.city"] = query.city;
  if (query.stateCode) params["venue.state"] = query.stateCode;
  if (query.countryCode) params["venue.country"] = query.countryCode;
  if (query.near) {
    params.lat = query.near.latitude;
    params.lon = query.near.longitude;
    params.range = `${query.near.radius}${query.near.unit === "km" ? "km" : "mi"}`;
  }
  // SeatGeek taxonomy ids are integers; a Discovery segment id is translated where the meaning is clear
  // and otherwise dropped, since it would match nothing here.
  const taxonomyIds = [query.segmentId, query.genreId].filter((id): id is string => Boolean(id && /^\d+$/.test(id)));
  if (taxonomyIds.length) params["taxonomies.id"] = taxonomyIds;
  // Repeated taxonomy filters mean OR on SeatGeek, so the segment only stands in when no name narrows further.
  const taxonomyName = query.classificationName ?? (query.segmentId ? discoverySegmentTaxonomies[query.segmentId] : undefined);
  if (taxonomyName) params["taxonomies.name"] = taxonomyName;
  if (query.startFrom) params["datetime_utc.gte"] = formatSeatGeekDate(query.startFrom);
  if (query.startTo) params["datetime_utc.lte"] = formatSeatGeekDate(query.startTo);
  return params;
}

export class SeatGeekProvider implements Provider {
  readonly id = "seatgeek" as const;
  readonly capabilities: ProviderCapabilities;
  readonly client: SeatGeekClient;
  private readonly perPage: number;
  private readonly maxCallsPerSearch: number;
  private readonly idsPerCall: number;

  constructor(client: SeatGeekClient, options: Omit<SeatGeekProviderOptions, "clientId"> = {}) {
    this.client = client;
    this.perPage = Math.min(options.perPage ?? defaultPerPage, client.perPageLimit);
    this.maxCallsPerSearch = options.maxCallsPerSearch ?? defaultMaxCallsPerSearch;
    this.idsPerCall = Math.min(options.idsPerCall ?? defaultIdsPerCall, client.perPageLimit);
    this.capabilities = {
      status: false,
      priceRange: options.hasPriceStats ?? false,
      sections: false,
      quantities: false,
      availability: false,
      presales: false,
    };
  }

  /** Pages through results in start order, stopping at the paging depth or the call budget (then truncated). */
  async searchEvents(query: EventQuery, options: { signal?: AbortSignal; maxCalls?: number } = {}): Promise<EventPage> {
    const params = { ...buildSeatGeekQuery(query), sort: "datetime_utc.asc", per_page: this.perPage };
    const maxCalls = options.maxCalls ?? this.maxCallsPerSearch;
    const events = new Map<string, Event>();
    let total = 0;
    let isTruncated = false;
    for (let page = 1; ; page += 1) {
      if ((page - 1) * this.perPage >= this.client.maxOffset || page > maxCalls) {
        isTruncated = true;
        break;
      }
      const result = await this.client.listEvents({ ...params, page }, { signal: options.signal });
      if (page === 1) total = result.meta.total;
      else if (result.meta.total === 0 && result.items.length === 0) {
        // SeatGeek's deep-paging failure: an empty page claiming total 0 (providers.md 3.2 [SG-#63]).
        isTruncated = true;
        break;
      }
      // Ties in start time can shift between pages; keying by id drops the duplicates.
      for (const event of result.items) events.set(String(event.id), transformSeatGeekEvent(event));
      if (result.items.length + result.skipped < this.perPage || page * this.perPage >= total) break;
    }
    return { events: [...events.values()], total, isTruncated: isTruncated || total > this.client.maxOffset };
  }

  /** Events by id; ids SeatGeek no longer lists (cancelled, past, unknown) are simply absent. */
  async getEvents(ids: string[], options: { signal?: AbortSignal } = {}): Promise<Event[]> {
    // SeatGeek ids are integers; anything else cannot exist there.
    const wanted = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
    if (wanted.length === 1) {
      const event = await this.client.getEvent(wanted[0]!, options);
      return event ? [transformSeatGeekEvent(event)] : [];
    }
    const found: Event[] = [];
    for (let start = 0; start < wanted.length; start += this.idsPerCall) {
      const chunk = wanted.slice(start, start + this.idsPerCall);
      const result = await this.client.listEvents({ id: chunk, per_page: chunk.length, page: 1 }, options);
      found.push(...result.items.map(transformSeatGeekEvent));
    }
    return found;
  }

  async searchAttractions(keyword: string, options: { signal?: AbortSignal } = {}): Promise<AttractionHit[]> {
    const result = await this.client.listPerformers({ q: keyword, per_page: 25, page: 1 }, options);
    return result.items.map(transformPerformerHit);
  }

  async searchVenues(keyword: string, options: { signal?: AbortSignal } = {}): Promise<VenueHit[]> {
    const result = await this.client.listVenues({ q: keyword, per_page: 25, page: 1 }, options);
    return result.items.map(transformVenueHit);
  }
}

/** The SeatGeek provider, or null when no client id is configured. */
export function createSeatGeekProvider(options: SeatGeekProviderOptions): SeatGeekProvider | null {
  const clientId = options.clientId?.trim();
  if (!clientId) return null;
  return new SeatGeekProvider(new SeatGeekClient({ ...options, clientId }), options);
}
