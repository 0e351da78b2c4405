/**
 * Pure Discovery v2 → Seatwatch mapping. Every quirk from providers.md 1.4–1.8 is settled here, once:
 * 1900 placeholder sale dates become null, `canceled` becomes `cancelled`, string coordinates become numbers,
 * city names are trimmed, "Undefined"/"Other" classification names become null, money becomes minor units.
 */
import type { Attraction, AttractionHit, Classification, Event, EventStatus, PriceRange, Venue, VenueHit } from "../types";
import type { TmAttraction, TmClassification, TmEvent, TmImage, TmStart, TmVenue } from "./schemas";

export class TransformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransformError";
  }
}

/** Placeholder names Discovery uses instead of null — providers.md 1.8 [PROBE-2026 §14]. */
const PLACEHOLDER_NAMES = new Set(["undefined", "other"]);

const STATUS_BY_CODE = new Map<string, EventStatus>(Object.entries({
  onsale: "onsale",
  offsale: "offsale",
  // Swagger spells it `canceled`; the live API sends `cancelled` — providers.md 1.8 [TM-SWAGGER-2018, PROBE-2026 §14].
  canceled: "cancelled",
  cancelled: "cancelled",
  postponed: "postponed",
  rescheduled: "rescheduled",
  // v1 name replaced by onsale/offsale in v2 — providers.md 1.8 [TM-CHANGELOG].
  active: "onsale",
} satisfies Record<string, EventStatus>));

/** Trimmed text, or null for missing/blank. */
export function cleanText(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** ISO instant, or null for missing, unparseable, and placeholder dates (1900-01-01… and anything that old). */
export function normalizeInstant(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  if (new Date(ms).getUTCFullYear() <= 1900) return null;
  return new Date(ms).toISOString();
}

/** A coordinate from a number or a numeric string (Discovery sends strings). */
export function toCoordinate(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The currency's minor-unit exponent (USD 2, JPY 0, KWD 3), from the runtime's ISO 4217 data. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** minorDigits(currency));
}

function transformPriceRange(event: TmEvent): PriceRange | null {
  const ranges = (event.priceRanges ?? []).filter((r) => r.currency && (typeof r.min === "number" || typeof r.max === "number"));
  if (ranges.length === 0) return null;
  // Prefer face-value "standard" ranges; other types (e.g. "standard including fees") mix price bases.
  const standard = ranges.filter((r) => (r.type ?? "standard") === "standard");
  const pool = standard.length > 0 ? standard : ranges;
  const currency = pool[0]!.currency!;
  const sameCurrency = pool.filter((r) => r.currency === currency);
  const mins = sameCurrency.map((r) => r.min ?? r.max!);
  const maxes = sameCurrency.map((r) => r.max ?? r.min!);
  return {
    minMinor: toMinorUnits(Math.min(...mins), currency),
    maxMinor: toMinorUnits(Math.max(...maxes), currency),
    currency,
  };
}

/** A classification name, with the vendor's placeholder names read as unknown. */
export function nameOrNull(part: { name?: string | null } | null | undefined): string | null {
  const name = cleanText(part?.name);
  return name && !PLACEHOLDER_NAMES.has(name.toLowerCase()) ? name : null;
}

export function transformClassification(list: TmClassification[] | null | undefined): Classification | null {
  if (!list || list.length === 0) return null;
  const c = list.find((x) => x.primary) ?? list[0]!;
  const result: Classification = {
    segment: nameOrNull(c.segment),
    genre: nameOrNull(c.genre),
    subGenre: nameOrNull(c.subGenre),
    segmentId: cleanText(c.segment?.id),
    genreId: cleanText(c.genre?.id),
  };
  return Object.values(result).every((v) => v === null) ? null : result;
}

export function transformVenue(venue: TmVenue | null | undefined): Venue | null {
  const id = cleanText(venue?.id);
  if (!venue || !id) return null;
  return {
    id,
    name: cleanText(venue.name) ?? id,
    city: cleanText(venue.city?.name),
    stateCode: cleanText(venue.state?.stateCode),
    countryCode: cleanText(venue.country?.countryCode),
    latitude: toCoordinate(venue.location?.latitude),
    longitude: toCoordinate(venue.location?.longitude),
    timezone: cleanText(venue.timezone),
  };
}

function transformAttraction(a: TmAttraction): Attraction | null {
  const id = cleanText(a.id);
  const name = cleanText(a.name);
  if (!id || !name) return null;
  return { id, name, url: cleanText(a.url), classification: transformClassification(a.classifications) };
}

/** The widest non-fallback image, preferring 16:9 (the ratio our cards use). */
export function pickImageUrl(images: TmImage[] | null | undefined): string | null {
  const usable = (images ?? []).filter((i) => i.url);
  if (usable.length === 0) return null;
  const rank = (i: TmImage) => (i.ratio === "16_9" ? 2 : 0) + (i.fallback ? 0 : 1);
  const best = [...usable].sort((a, b) => rank(b) - rank(a) || (b.width ?? 0) - (a.width ?? 0))[0]!;
  return best.url;
}

/** Our status for a vendor status code (either cancel spelling), or null when unknown. */
export function readStatusCode(code: string | null | undefined): EventStatus | null {
  return STATUS_BY_CODE.get(code?.trim().toLowerCase() ?? "") ?? null;
}

function transformStatus(event: TmEvent): EventStatus {
  const code = event.dates?.status?.code;
  if (!code) throw new TransformError(`event ${event.id} has no dates.status.code`);
  const status = readStatusCode(code);
  if (!status) throw new TransformError(`event ${event.id} has unknown status code "${code}"`);
  return status;
}

function transformInitialStart(value: string | TmStart | null | undefined): string | null {
  if (!value) return null;
  if (typeof value === "string") return normalizeInstant(value) ?? cleanText(value);
  return normalizeInstant(value.dateTime) ?? cleanText(value.localDate);
}

/** One Discovery event as our Event. Throws TransformError when it lacks what we cannot do without (status). */
export function transformEvent(event: TmEvent): Event {
  const venue = transformVenue(event._embedded?.venues?.[0]);
  const start = event.dates?.start;
  const hasNoSpecificTime = start?.noSpecificTime === true;
  const isTba = start?.dateTBA === true || start?.timeTBA === true;
  return {
    provider: "ticketmaster",
    id: event.id,
    name: event.name.trim(),
    url: cleanText(event.url),
    start: {
      localDate: cleanText(start?.localDate),
      localTime: hasNoSpecificTime ? null : cleanText(start?.localTime),
      dateTime: hasNoSpecificTime ? null : normalizeInstant(start?.dateTime),
      timezone: cleanText(event.dates?.timezone) ?? venue?.timezone ?? null,
      isTba,
      isTbd: start?.dateTBD === true,
      hasNoSpecificTime,
    },
    status: transformStatus(event),
    initialStartDate: transformInitialStart(event.dates?.initialStartDate),
    publicSale: {
      startsAt: normalizeInstant(event.sales?.public?.startDateTime),
      endsAt: normalizeInstant(event.sales?.public?.endDateTime),
    },
    presales: (event.sales?.presales ?? []).map((p) => ({
      name: cleanText(p.name) ?? "Presale",
      startsAt: normalizeInstant(p.startDateTime),
      endsAt: normalizeInstant(p.endDateTime),
    })),
    priceRange: transformPriceRange(event),
    classification: transformClassification(event.classifications),
    venue,
    attractions: (event._embedded?.attractions ?? []).map(transformAttraction).filter((a): a is Attraction => a !== null),
    ticketLimit: cleanText(event.ticketLimit?.info),
    imageUrl: pickImageUrl(event.images),
    seatmapUrl: cleanText(event.seatmap?.staticUrl),
    availability: null,
    sectionOffers: null,
  };
}

export function transformAttractionHit(a: TmAttraction): AttractionHit | null {
  const id = cleanText(a.id);
  const name = cleanText(a.name);
  if (!id || !name) return null;
  return {
    id,
    name,
    classification: transformClassification(a.classifications),
    upcomingEvents: a.upcomingEvents?._total ?? null,
    imageUrl: pickImageUrl(a.images),
  };
}

export function transformVenueHit(v: TmVenue): VenueHit | null {
  const venue = transformVenue(v);
  if (!venue) return null;
  return { id: venue.id, name: venue.name, city: venue.city, countryCode: venue.countryCode };
}
