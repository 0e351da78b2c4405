/**
 * Vendor shapes of the Ticketmaster Discovery v2 API as the fake stores and serves them (providers.md 1.4,
 * 1.7, 1.8), plus the scriptable world the fake serves. Fields are optional wherever the real API omits them
 * on some events, because the point of the fake is to exercise those gaps.
 */

export interface TmLink {
  href: string;
  templated?: boolean;
}

export interface TmNamed {
  id: string;
  name: string;
}

export interface TmImage {
  ratio?: "16_9" | "3_2" | "4_3";
  url: string;
  width: number;
  height: number;
  fallback: boolean;
  attribution?: string;
}

export interface TmClassification {
  primary?: boolean;
  segment?: TmNamed;
  genre?: TmNamed;
  subGenre?: TmNamed;
  type?: TmNamed;
  subType?: TmNamed;
  family?: boolean;
}

export interface TmUpcomingEvents {
  _total: number;
  _filtered: number;
  [source: string]: number;
}

export interface TmVenue {
  name: string;
  type: "venue";
  id: string;
  test: boolean;
  url?: string;
  locale: string;
  images?: TmImage[];
  postalCode?: string;
  timezone?: string;
  city?: { name: string };
  state?: { name: string; stateCode?: string };
  country?: { name: string; countryCode: string };
  address?: { line1?: string; line2?: string };
  /** Strings in real responses although the Swagger says number (providers.md 1.8). */
  location?: { longitude: string | number; latitude: string | number };
  markets?: TmNamed[];
  dmas?: { id: number }[];
  boxOfficeInfo?: Record<string, string>;
  parkingDetail?: string;
  accessibleSeatingDetail?: string;
  generalInfo?: { generalRule?: string; childRule?: string };
  upcomingEvents?: TmUpcomingEvents;
  _links?: { self: TmLink };
}

export interface TmAttraction {
  name: string;
  type: "attraction";
  id: string;
  test: boolean;
  url?: string;
  locale: string;
  externalLinks?: Record<string, { url: string }[]>;
  images?: TmImage[];
  classifications?: TmClassification[];
  upcomingEvents?: TmUpcomingEvents;
  _links?: { self: TmLink };
}

/** `canceled` is the Swagger spelling, `cancelled` the observed one (providers.md 1.8); both occur. */
export type TmStatusCode = "onsale" | "offsale" | "cancelled" | "canceled" | "postponed" | "rescheduled";

export interface TmStart {
  localDate?: string;
  localTime?: string;
  dateTime?: string;
  dateTBD: boolean;
  dateTBA: boolean;
  timeTBA: boolean;
  noSpecificTime: boolean;
}

export interface TmInstant {
  localDate?: string;
  localTime?: string;
  dateTime?: string;
}

export interface TmDates {
  start: TmStart;
  end?: TmInstant & { approximate?: boolean; noSpecificTime?: boolean };
  access?: { startDateTime?: string; startApproximate?: boolean; endDateTime?: string; endApproximate?: boolean };
  timezone?: string;
  status: { code: TmStatusCode };
  spanMultipleDays?: boolean;
  initialStartDate?: TmInstant;
}

export interface TmPresale {
  name: string;
  description?: string;
  url?: string;
  startDateTime: string;
  endDateTime: string;
}

export interface TmSales {
  public?: { startDateTime?: string; endDateTime?: string; startTBD: boolean; startTBA: boolean };
  presales?: TmPresale[];
}

export interface TmPriceRange {
  type: string;
  currency: string;
  min: number;
  max: number;
}

export interface TmPromoter {
  id: string;
  name: string;
  description?: string;
}

export interface TmEvent {
  name: string;
  type: "event";
  id: string;
  test: boolean;
  url?: string;
  locale: string;
  images?: TmImage[];
  sales?: TmSales;
  dates: TmDates;
  classifications?: TmClassification[];
  promoter?: TmPromoter;
  promoters?: TmPromoter[];
  info?: string;
  pleaseNote?: string;
  priceRanges?: TmPriceRange[];
  products?: { name: string; id: string; url: string; type: string }[];
  seatmap?: { staticUrl: string };
  accessibility?: { ticketLimit?: number; info?: string };
  ticketLimit?: { info: string };
  ageRestrictions?: { legalAgeEnforced: boolean };
  ticketing?: { safeTix?: { enabled: boolean } };
  doorsTimes?: TmInstant;
  _links?: { self: TmLink; attractions?: TmLink[]; venues?: TmLink[] };
  _embedded?: { venues?: TmVenue[]; attractions?: TmAttraction[] };
}

/** A partial update where `null` removes a key (so `priceRanges: null` makes price ranges disappear). */
export type TmPatch<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K] | null
    : T[K] extends object
      ? TmPatch<T[K]> | null
      : T[K] | null;
};

/**
 * One scripted change. `at` is world time in ms since the world's start. `add` inserts or replaces a whole
 * event; `patch` deep-merges into the event with `id` (arrays are replaced, null deletes); `remove` makes
 * the event vanish (search no longer lists it and `/events/{id}` is 404).
 */
export type TimelineStep =
  | { at: number; op: "add"; event: TmEvent; note?: string }
  | { at: number; op: "patch"; id: string; event: TmPatch<TmEvent>; note?: string }
  | { at: number; op: "remove"; id: string; note?: string };

/**
 * What the fake serves. `startAt` (ISO instant) is the world clock's value at world start; without it the
 * world starts at the fake's current time, so fixtures with absolute dates should set it.
 */
export interface World {
  startAt?: string;
  events: TmEvent[];
  attractions: TmAttraction[];
  venues: TmVenue[];
  timeline: TimelineStep[];
}
