/**
 * The provider port: what every ticketing source (Ticketmaster Discovery, SeatGeek, the partner section
 * source, the sandbox) offers the engine, and our own normalized `Event` type. Nothing here knows a vendor.
 */

export type ProviderId = "ticketmaster" | "seatgeek" | "ticketmaster-partner";

export type EventStatus = "onsale" | "offsale" | "cancelled" | "postponed" | "rescheduled";

/** Money is integer minor units (cents, pence) plus an ISO 4217 currency code. */
export interface Money {
  amountMinor: number;
  currency: string;
}

export interface PriceRange {
  minMinor: number;
  maxMinor: number;
  currency: string;
}

export interface SaleWindow {
  /** ISO-8601 UTC instant, or null when unknown (including Ticketmaster's 1900 placeholders). */
  startsAt: string | null;
  endsAt: string | null;
}

export interface Presale extends SaleWindow {
  name: string;
}

export interface EventStart {
  /** Venue-local calendar date `YYYY-MM-DD`, null when TBA. */
  localDate: string | null;
  /** Venue-local wall time `HH:mm:ss`, null when no specific time. */
  localTime: string | null;
  /** UTC instant when known. */
  dateTime: string | null;
  /** IANA zone of the event, falling back to the venue's. */
  timezone: string | null;
  isTba: boolean;
  isTbd: boolean;
  hasNoSpecificTime: boolean;
}

export interface Classification {
  segment: string | null;
  genre: string | null;
  subGenre: string | null;
  segmentId: string | null;
  genreId: string | null;
}

export interface Venue {
  id: string;
  name: string;
  city: string | null;
  stateCode: string | null;
  countryCode: string | null;
  latitude: number | null;
  longitude: number | null;
  timezone: string | null;
}

export interface Attraction {
  id: string;
  name: string;
  /** Provider URL of the attraction page, when given. */
  url: string | null;
  classification: Classification | null;
}

export interface SectionOffer {
  section: string;
  row: string | null;
  /** Total price per ticket including fees where the source says so. */
  priceMinor: number;
  faceValueMinor: number | null;
  currency: string;
  /** Seats available together in this offer. */
  count: number;
}

export type Availability = "available" | "few-left" | "not-available" | "unknown";

/** Our normalized event. Every field a source cannot give is null, never invented. */
export interface Event {
  provider: ProviderId;
  /** The provider's own id (string even when the vendor uses integers). */
  id: string;
  name: string;
  /** Official event page; the fan buys there. Stored raw; affiliate wrapping happens at render time. */
  url: string | null;
  start: EventStart;
  status: EventStatus;
  /** For rescheduled events, the original start when the provider reports it. */
  initialStartDate: string | null;
  publicSale: SaleWindow;
  presales: Presale[];
  priceRange: PriceRange | null;
  classification: Classification | null;
  venue: Venue | null;
  attractions: Attraction[];
  /** Free-text ticket limit ("There is an overall 6 ticket limit…"). */
  ticketLimit: string | null;
  imageUrl: string | null;
  seatmapUrl: string | null;
  /** Only from partner sources. */
  availability: Availability | null;
  /** Only from partner sources; null when the source cannot answer (not "none available"). */
  sectionOffers: SectionOffer[] | null;
}

/** What a provider can answer, so the app can say "carried into the alert, not checked". */
export interface ProviderCapabilities {
  status: boolean;
  priceRange: boolean;
  sections: boolean;
  quantities: boolean;
  availability: boolean;
  presales: boolean;
}

/** A canonical provider query. Watches coalesce into these; the planner builds them. */
export interface EventQuery {
  attractionIds?: string[];
  venueIds?: string[];
  keyword?: string;
  countryCode?: string;
  city?: string;
  stateCode?: string;
  /** A point and radius. */
  near?: { latitude: number; longitude: number; radius: number; unit: "km" | "miles" };
  segmentId?: string;
  genreId?: string;
  classificationName?: string;
  /** UTC instants (ISO-8601); the client formats them as the vendor needs. */
  startFrom?: string;
  startTo?: string;
  includeTba?: boolean;
}

export interface EventPage {
  events: Event[];
  /** Total the provider reports (may be capped, e.g. 10,000 on Discovery). */
  total: number;
  /** True when more results exist than this call could reach. */
  isTruncated: boolean;
}

export interface AttractionHit {
  id: string;
  name: string;
  classification: Classification | null;
  upcomingEvents: number | null;
  imageUrl: string | null;
}

export interface VenueHit {
  id: string;
  name: string;
  city: string | null;
  countryCode: string | null;
}

/** The port. Every method may throw a ProviderError. */
export interface Provider {
  readonly id: ProviderId;
  readonly capabilities: ProviderCapabilities;
  /** All events matching a query, across pages and date-window splits, within the provider's paging limits. */
  searchEvents(query: EventQuery, options?: { signal?: AbortSignal; maxCalls?: number }): Promise<EventPage>;
  /** Events by provider id; unknown ids are simply absent from the result (gone / cancelled on some sources). */
  getEvents(ids: string[], options?: { signal?: AbortSignal }): Promise<Event[]>;
  searchAttractions(keyword: string, options?: { signal?: AbortSignal }): Promise<AttractionHit[]>;
  searchVenues(keyword: string, options?: { signal?: AbortSignal }): Promise<VenueHit[]>;
}

export type ProviderErrorKind =
  | "invalid-key" // 401/403: configuration problem, visible to admins
  | "quota-exhausted" // daily quota used; no calls until resetAt
  | "rate-limited" // per-second limit or vendor throttle; back off
  | "circuit-open" // our breaker refuses calls for now
  | "bad-request" // 4xx we caused (bug or invalid query)
  | "not-found"
  | "blocked" // vendor abuse protection (SeatGeek 406 / HTML captcha)
  | "unavailable" // 5xx, timeouts, network errors after retries
  | "bad-response"; // body did not parse / did not match the schema

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly provider: ProviderId;
  readonly status: number | null;
  /** When calls may resume (quota reset, Retry-After), if known. */
  readonly retryAt: Date | null;

  constructor(
    provider: ProviderId,
    kind: ProviderErrorKind,
    message: string,
    options: { status?: number | null; retryAt?: Date | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ProviderError";
    this.provider = provider;
    this.kind = kind;
    this.status = options.status ?? null;
    this.retryAt = options.retryAt ?? null;
  }
}

/** One HTTP call as the client saw it; the engine records these in the quota ledger. */
export interface CallRecord {
  provider: ProviderId;
  /** Which key it was made with, as a non-secret label (e.g. a hash prefix). */
  keyLabel: string;
  /** Path and query with the key removed. */
  endpoint: string;
  status: number | null;
  latencyMs: number;
  startedAt: Date;
  /** Rate-Limit-* as the vendor reported them on this response, when present. */
  rateLimit: { limit: number | null; available: number | null; over: number | null; resetAt: Date | null } | null;
  /** Whether this call counts against the vendor quota (Ticketmaster counts 4xx too). */
  isCounted: boolean;
  errorKind: ProviderErrorKind | null;
}

/** Where a client reports each call and asks whether it may make another (shared budget across processes). */
export interface CallObserver {
  onCall(record: CallRecord): void | Promise<void>;
}

export type CircuitState = "closed" | "open" | "half-open";
