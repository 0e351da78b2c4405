/**
 * The Ticketmaster partner section source. It enriches Discovery events (by their Discovery id) with
 * availability from Inventory Status and section offers from Top Picks. It has no search of its own:
 * `searchEvents`, `searchAttractions` and `searchVenues` answer empty, and `getEvents` returns skeleton
 * events (no name, dates or venue — merge them onto Discovery events, or use `enrichEvents`).
 * Exists only when partner keys are configured (providers.md 2.1, 2.2).
 */
import type { Availability, AttractionHit, Event, EventPage, Provider, ProviderCapabilities, SectionOffer, VenueHit } from "../types";
import { ProviderError } from "../types";
import { TicketmasterPartnerClient, topPicksMaxLimit, type TicketmasterPartnerClientOptions } from "./client";
import { mapInventoryStatus, transformTopPicks } from "./transform";
import type { TopPicksResponse } from "./schemas";

export interface TicketmasterPartnerProviderOptions extends TicketmasterPartnerClientOptions {
  /** One partner key for both APIs; the specific keys win when given. */
  apiKey?: string | null;
  /** Seats per pick asked of Top Picks (its default is 2, providers.md 2.2 [TM-TOPPICKS-2018]). */
  quantity?: number;
  /** Top Picks pages (≤100 picks each) read per event; bounds quota use per event. */
  maxTopPicksPages?: number;
  /** Wait at most this long for the Top Picks minute window to reset before giving up on the rest. */
  maxQuotaWaitMs?: number;
}

export interface EnrichOptions {
  signal?: AbortSignal;
  quantity?: number;
  /** Errors that cost part of the enrichment (the affected events keep their fields unchanged). */
  onError?(error: ProviderError, eventIds: string[]): void;
}

/** UK and IE events are only answered with `region=UK` (providers.md 2.1 [TM-INV-LIVE]). */
const ukRegionCountries = new Set(["GB", "UK", "IE"]);
/** Always UNKNOWN, primary and resale (providers.md 2.1 [TM-INV-LIVE]); no call needed. */
const alwaysUnknownCountries = new Set(["FR", "IT", "TR"]);
/** Top Picks covers North America only (providers.md 2.2 [TM-TOPPICKS-LIVE]). */
const topPicksCountries = new Set(["US", "CA", "MX"]);

function countryOf(event: Event): string | null {
  return event.venue?.countryCode?.toUpperCase() ?? null;
}

function createSkeletonEvent(id: string): Event {
  return {
    provider: "ticketmaster-partner",
    id,
    name: "",
    url: null,
    start: { localDate: null, localTime: null, dateTime: null, timezone: null, isTba: false, isTbd: false, hasNoSpecificTime: false },
    status: "onsale",
    initialStartDate: null,
    publicSale: { startsAt: null, endsAt: null },
    presales: [],
    priceRange: null,
    classification: null,
    venue: null,
    attractions: [],
    ticketLimit: null,
    imageUrl: null,
    seatmapUrl: null,
    availability: null,
    sectionOffers: null,
  };
}

export class TicketmasterPartnerProvider implements Provider {
  readonly id = "ticketmaster-partner" as const;
  readonly capabilities: ProviderCapabilities;
  readonly client: TicketmasterPartnerClient;
  private readonly quantity: number;
  private readonly maxTopPicksPages: number;
  private readonly maxQuotaWaitMs: number;

  constructor(client: TicketmasterPartnerClient, options: Pick<TicketmasterPartnerProviderOptions, "quantity" | "maxTopPicksPages" | "maxQuotaWaitMs"> = {}) {
    this.client = client;
    this.quantity = options.quantity ?? 2;
    this.maxTopPicksPages = options.maxTopPicksPages ?? 2;
    this.maxQuotaWaitMs = options.maxQuotaWaitMs ?? 60_000;
    this.capabilities = {
      status: false,
      priceRange: false,
      sections: client.hasTopPicks,
      quantities: client.hasTopPicks,
      availability: client.hasInventoryStatus,
      presales: false,
    };
  }

  /**
   * Fills `availability` and `sectionOffers` on Ticketmaster events (other providers' events pass through).
   * Best effort: a failed part leaves those fields as they were and is reported to `onError`; an invalid
   * key throws, because nothing will work until an admin fixes it.
   */
  async enrichEvents(events: Event[], options: EnrichOptions = {}): Promise<Event[]> {
    const targets = events.filter((event) => event.provider === "ticketmaster");
    const availability = this.client.hasInventoryStatus ? await this.collectAvailability(targets, options) : new Map<string, Availability>();
    const offers = new Map<string, SectionOffer[] | null>();
    if (this.client.hasTopPicks) {
      const wanted = targets.filter((event) => {
        const country = countryOf(event);
        // A primary sell-out has no picks worth a call; Top Picks knows nothing outside North America.
        return availability.get(event.id) !== "not-available" && (country === null || topPicksCountries.has(country));
      });
      await this.collectSectionOffers(wanted, offers, options);
      for (const event of targets) if (availability.get(event.id) === "not-available" && !offers.has(event.id)) offers.set(event.id, []);
    }
    return events.map((event) => {
      if (event.provider !== "ticketmaster") return event;
      const next = { ...event };
      if (availability.has(event.id)) next.availability = availability.get(event.id)!;
      if (offers.has(event.id)) next.sectionOffers = offers.get(event.id)!;
      return next;
    });
  }

  /** Availability per event, choosing the region from the venue country. */
  async collectAvailability(events: Pick<Event, "id" | "venue">[], options: EnrichOptions = {}): Promise<Map<string, Availability>> {
    const result = new Map<string, Availability>();
    const byRegion = { default: [] as string[], uk: [] as string[] };
    for (const event of events) {
      const country = event.venue?.countryCode?.toUpperCase() ?? null;
      if (country && alwaysUnknownCountries.has(country)) result.set(event.id, "unknown");
      else if (country && ukRegionCountries.has(country)) byRegion.uk.push(event.id);
      else byRegion.default.push(event.id);
    }
    for (const [region, ids] of [["default", byRegion.default], ["uk", byRegion.uk]] as const) {
      if (ids.length === 0) continue;
      try {
        const entries = await this.client.fetchAvailability(ids, { region: region === "uk" ? "UK" : undefined, signal: options.signal });
        for (const id of ids) result.set(id, entries.has(id) ? mapInventoryStatus(entries.get(id)!) : "unknown");
      } catch (error) {
        this.handleError(error, ids, options);
      }
    }
    return result;
  }

  /** Section offers for one event: null when Top Picks does not know it, [] when nothing is offered. */
  async fetchSectionOffers(eventId: string, options: { signal?: AbortSignal; quantity?: number } = {}): Promise<SectionOffer[] | null> {
    const quantity = options.quantity ?? this.quantity;
    const pages: TopPicksResponse[] = [];
    for (let page = 1; page <= this.maxTopPicksPages; page += 1) {
      const response = await this.fetchTopPicksPage(eventId, { quantity, page, limit: topPicksMaxLimit }, options.signal);
      if (response === null) return pages.length ? transformTopPicks(pages, quantity) : null;
      pages.push(response);
      if (page >= (response.page?.totalPages ?? 1) || (response.picks ?? []).length === 0) break;
    }
    return transformTopPicks(pages, quantity);
  }

  private async collectSectionOffers(events: Event[], offers: Map<string, SectionOffer[] | null>, options: EnrichOptions): Promise<void> {
    for (const [index, event] of events.entries()) {
      try {
        const result = await this.fetchSectionOffers(event.id, options);
        // Unknown to Top Picks: leave `sectionOffers` as it was rather than claim "none".
        if (result !== null) offers.set(event.id, result);
      } catch (error) {
        this.handleError(error, [event.id], options);
        // Quota or an open circuit will refuse the rest too; stop spending calls.
        if (error instanceof ProviderError && ["quota-exhausted", "circuit-open", "unavailable"].includes(error.kind)) {
          const rest = events.slice(index + 1).map((other) => other.id);
          if (rest.length) options.onError?.(error, rest);
          return;
        }
      }
    }
  }

  /** One Top Picks page, waiting out a quota window that resets within `maxQuotaWaitMs`. */
  private async fetchTopPicksPage(eventId: string, request: { quantity: number; page: number; limit: number }, signal?: AbortSignal): Promise<TopPicksResponse | null> {
    try {
      return await this.client.fetchTopPicks(eventId, request, { signal });
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== "quota-exhausted" || error.retryAt === null) throw error;
      const waitMs = error.retryAt.getTime() - this.client.now();
      if (waitMs > this.maxQuotaWaitMs) throw error;
      await this.client.sleep(Math.max(0, waitMs) + 10, signal);
      return this.client.fetchTopPicks(eventId, request, { signal });
    }
  }

  private handleError(error: unknown, ids: string[], options: EnrichOptions): void {
    if (!(error instanceof ProviderError) || error.kind === "invalid-key") throw error;
    options.onError?.(error, ids);
  }

  async searchEvents(): Promise<EventPage> {
    return { events: [], total: 0, isTruncated: false };
  }

  /** Skeleton events (availability and section offers only) for ids the partner APIs know. */
  async getEvents(ids: string[], options: { signal?: AbortSignal } = {}): Promise<Event[]> {
    const unique = [...new Set(ids)];
    const availability = new Map<string, Availability>();
    if (this.client.hasInventoryStatus && unique.length) {
      // The venue country is unknown here, so ids unknown to the default region are asked again with region=UK.
      const first = await this.client.fetchAvailability(unique, { signal: options.signal });
      for (const [id, entry] of first) availability.set(id, mapInventoryStatus(entry));
      const retry = unique.filter((id) => (availability.get(id) ?? "unknown") === "unknown");
      if (retry.length) {
        const uk = await this.client.fetchAvailability(retry, { region: "UK", signal: options.signal });
        for (const [id, entry] of uk) if (mapInventoryStatus(entry) !== "unknown") availability.set(id, mapInventoryStatus(entry));
      }
    }
    const events: Event[] = [];
    for (const id of unique) {
      const event = createSkeletonEvent(id);
      const known = availability.get(id);
      if (known && known !== "unknown") event.availability = known;
      if (this.client.hasTopPicks) event.sectionOffers = await this.fetchSectionOffers(id, options);
      if (event.availability !== null || event.sectionOffers !== null) events.push(event);
    }
    return events;
  }

  async searchAttractions(): Promise<AttractionHit[]> {
    return [];
  }

  async searchVenues(): Promise<VenueHit[]> {
    return [];
  }
}

/** The partner provider, or null when no partner key is configured (the usual case: access needs approval). */
export function createTicketmasterPartnerProvider(options: TicketmasterPartnerProviderOptions): TicketmasterPartnerProvider | null {
  const inventoryStatusKey = options.inventoryStatusKey?.trim() || options.apiKey?.trim() || null;
  const topPicksKey = options.topPicksKey?.trim() || options.apiKey?.trim() || null;
  if (!inventoryStatusKey && !topPicksKey) return null;
  return new TicketmasterPartnerProvider(new TicketmasterPartnerClient({ ...options, inventoryStatusKey, topPicksKey }), options);
}
