/**
 * Renders one vendor-shaped Discovery event from a plain description plus seeded traits, so every sandbox
 * event carries the same field set and the same kinds of gaps the real API has.
 */
import { formatDiscoveryInstant } from "../ticketmaster/event-time";
import type { TmAttraction, TmClassification, TmEvent, TmStart, TmVenue } from "../ticketmaster/types";
import type { CountryCode } from "./catalog-places";
import { CLASSIFICATIONS } from "./classifications";
import { planSales, type SalePlan } from "./event-sales";
import type { EventTraits } from "./event-traits";
import type { IdFactory } from "./ids";
import type { Random } from "./random";
import { makeImages, readSite, slugify } from "./vendor-objects";
import { convertLocalToUtc, readLocalParts, shiftDate } from "./zoned-time";

const DAY = 86_400_000;

export interface EventBase {
  name: string;
  venue: TmVenue;
  attractions: TmAttraction[];
  classification: TmClassification;
  localDate: string;
  localTime: string;
  currency: string;
  /** Typical cheapest ticket, in major units. */
  basePrice: number;
  promoterName: string;
  isAddOn?: boolean;
}

export interface WorldContext {
  random: Random;
  ids: IdFactory;
  /** World start, epoch ms. */
  startMs: number;
}

export interface ComposedEvent {
  event: TmEvent;
  sale: SalePlan;
  traits: EventTraits;
}

const TICKET_LIMITS = [
  "There is an overall 6 ticket limit for this event.",
  "There is an overall 4 ticket limit for this event.",
  "Tickets are limited to 8 per household. Orders over the limit will be cancelled without notice.",
  "There is an overall 2 ticket limit for the Verified Fan presale and 6 for the general on-sale.",
];

export function readVenueTimezone(venue: TmVenue): string {
  return venue.timezone ?? "UTC";
}

/** A start block for wall time `date` `time` at the venue, with its UTC instant. */
export function makeStart(date: string, time: string, timeZone: string): Required<Pick<TmStart, "localDate" | "localTime" | "dateTime">> {
  return { localDate: date, localTime: time, dateTime: formatDiscoveryInstant(convertLocalToUtc(date, time, timeZone)) };
}

function buildUrl(base: EventBase, id: string, legacyId: string, usesLegacyUrl: boolean): string {
  const country = (base.venue.country?.countryCode ?? "US") as CountryCode;
  const [year, month, day] = base.localDate.split("-");
  const date = country === "US" ? `${month}-${day}-${year}` : `${day}-${month}-${year}`;
  const slug = `${slugify(base.name)}-${slugify(base.venue.city?.name ?? "")}-${date}`;
  return `${readSite(country)}/${slug}/event/${usesLegacyUrl ? legacyId : id}`;
}

function buildDates(base: EventBase, traits: EventTraits, ctx: WorldContext, status: TmEvent["dates"]["status"]["code"]): TmEvent["dates"] {
  const timeZone = readVenueTimezone(base.venue);
  const start = makeStart(base.localDate, base.localTime, timeZone);
  let dates: TmEvent["dates"];
  if (traits.phase === "postponed-tba") {
    dates = { start: { dateTBD: false, dateTBA: true, timeTBA: true, noSpecificTime: false }, status: { code: status } };
    if (status === "postponed") dates.initialStartDate = start;
  } else if (traits.isNoSpecificTime) {
    dates = { start: { localDate: base.localDate, dateTBD: traits.isTbd, dateTBA: false, timeTBA: false, noSpecificTime: true }, status: { code: status } };
  } else {
    dates = { start: { ...start, dateTBD: traits.isTbd, dateTBA: false, timeTBA: false, noSpecificTime: false }, status: { code: status } };
  }
  if (traits.phase === "rescheduled") {
    dates.initialStartDate = makeStart(shiftDate(base.localDate, -ctx.random.int(3, 40)), base.localTime, timeZone);
  }
  if (traits.hasTimezone) dates.timezone = timeZone;
  dates.spanMultipleDays = false;
  return dates;
}

export function composeEvent(base: EventBase, traits: EventTraits, ctx: WorldContext, announcedAt?: number): ComposedEvent {
  const { random, ids } = ctx;
  const id = base.isAddOn ? ids.addOnEvent() : ids.event();
  const legacyId = ids.legacy();
  const timeZone = readVenueTimezone(base.venue);
  const eventStart = convertLocalToUtc(base.localDate, base.localTime, timeZone);
  const sale = planSales(traits, random, { worldStart: ctx.startMs, eventStart, announcedAt });

  const classification = traits.placeholderClassification ? CLASSIFICATIONS[traits.placeholderClassification] : base.classification;
  const hasAttractions = traits.hasAttractions && base.attractions.length > 0;
  const event: TmEvent = {
    name: base.name,
    type: "event",
    id,
    test: false,
    url: buildUrl(base, id, legacyId, traits.usesLegacyUrl),
    locale: "en-us",
    images: makeImages(random),
    sales: sale.sales,
    dates: buildDates(base, traits, ctx, sale.status),
    classifications: [classification],
  };
  if (traits.hasPromoter) {
    const promoter = { id: ids.promoter(), name: base.promoterName, description: `${base.promoterName.toUpperCase()} / NTL / ${base.venue.country?.countryCode ?? "US"}` };
    event.promoter = promoter;
    event.promoters = [promoter];
  }
  if (random.chance(0.2)) event.info = "Please arrive early to allow time for security checks.";
  if (random.chance(0.2)) event.pleaseNote = "All guests must have a ticket on their mobile device. Screenshots will not be accepted.";
  if (traits.hasPriceRanges) event.priceRanges = makePriceRanges(random, base);
  if (!base.isAddOn && base.classification.segment?.name === "Sports" && random.chance(0.2)) {
    event.products = [{ name: `Parking: ${base.name}`, id: ids.addOnEvent(), url: `${readSite("US")}/parking/event/${ids.legacy()}`, type: "Upsell" }];
  }
  if (traits.hasSeatmap) event.seatmap = { staticUrl: `https://maps.ticketmaster.com/maps/geometry/3/event/${legacyId}/staticImage?type=png&systemId=HOST` };
  if (random.chance(0.3)) event.accessibility = { ticketLimit: random.pick([2, 4]) };
  if (traits.hasTicketLimit) event.ticketLimit = { info: random.pick(TICKET_LIMITS) };
  event.ageRestrictions = { legalAgeEnforced: random.chance(0.1) };
  if (random.chance(0.7)) event.ticketing = { safeTix: { enabled: true } };
  if (traits.hasDoorsTime && !traits.isNoSpecificTime && traits.phase !== "postponed-tba") {
    const doors = readLocalParts(eventStart - 3_600_000, timeZone);
    event.doorsTimes = { localDate: doors.date, localTime: doors.time, dateTime: formatDiscoveryInstant(eventStart - 3_600_000) };
  }
  event._links = {
    self: { href: `/discovery/v2/events/${id}?locale=en-us` },
    ...(hasAttractions ? { attractions: base.attractions.map((a) => ({ href: `/discovery/v2/attractions/${a.id}?locale=en-us` })) } : {}),
    venues: [{ href: `/discovery/v2/venues/${base.venue.id}?locale=en-us` }],
  };
  event._embedded = { venues: [base.venue], ...(hasAttractions ? { attractions: base.attractions } : {}) };
  return { event, sale, traits };
}

/** Face-value range; sometimes a second "including fees" entry, as some markets show. */
export function makePriceRanges(random: Random, base: Pick<EventBase, "currency" | "basePrice">): NonNullable<TmEvent["priceRanges"]> {
  const min = Math.round(base.basePrice * (0.8 + random.next() * 0.6) * 100) / 100;
  const max = Math.round(min * random.int(2, 8) * 100) / 100;
  const ranges = [{ type: "standard", currency: base.currency, min, max }];
  if (random.chance(0.3)) {
    ranges.push({ type: "standard including fees", currency: base.currency, min: Math.round(min * 115) / 100, max: Math.round(max * 115) / 100 });
  }
  return ranges;
}

export function countDaysBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / DAY;
}
