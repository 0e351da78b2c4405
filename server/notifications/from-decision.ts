/**
 * From the matcher's AlertDecision (typed change + event snapshot) to the AlertMessage the templates read.
 * The caller adds what the engine does not know: the watch's name and ceiling, the fan's zone and the links.
 */
import type { AlertDecision, Change } from "@/server/engine";
import type { Event } from "@/server/providers/types";
import { parseAlertMessage, type AlertMessage, type SaleInfo, type StatusChange } from "./alert-message";

export interface AlertMessageContext {
  /** The alert row's id (stable across retries). */
  alertId: string;
  watchName: string;
  /** The watch's price ceiling, shown beside a "price below" alert. */
  maxPriceMinor: number | null;
  fan: { timeZone: string; locale?: string; name?: string | null };
  links: { alertUrl: string; unsubscribeUrl: string; preferencesUrl: string };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Only real instants: the engine's start strings may be venue-local dates, which have no instant. */
function toInstant(value: string | null | undefined): string | null {
  return value && ISO_INSTANT.test(value) ? value : null;
}

/** The official link only when it is a plain http(s) URL; anything else falls back to the alert page. */
function toOfficialUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? value : null;
  } catch {
    return null;
  }
}

function publicSale(event: Event, startsAt: string | null, previousStartsAt: string | null = null): SaleInfo {
  return { type: "public", name: null, startsAt: toInstant(startsAt), endsAt: toInstant(event.publicSale.endsAt), previousStartsAt: toInstant(previousStartsAt) };
}

function presale(name: string | null, startsAt: string | null, endsAt: string | null): SaleInfo {
  return { type: "presale", name, startsAt: toInstant(startsAt), endsAt: toInstant(endsAt), previousStartsAt: null };
}

function describeStatus(change: Extract<Change, { kind: "status-changed" }>): StatusChange {
  if (change.to === "cancelled" || change.to === "postponed" || change.to === "rescheduled") return change.to;
  if (change.to === "offsale") return "off-sale";
  return "back-on-sale";
}

/** The kind-specific part of the message. */
function describeDetails(decision: AlertDecision, context: AlertMessageContext): Record<string, unknown> {
  const { change, event } = decision;
  switch (change.kind) {
    case "announced":
      return { kind: "announced" };
    case "presale-scheduled":
      return { kind: "sale-scheduled", sale: presale(change.presale, change.startsAt, change.endsAt) };
    case "sale-scheduled":
      return { kind: "sale-scheduled", sale: publicSale(event, change.startsAt, change.previousStartsAt) };
    case "sale-reminder": {
      const sale = change.sale === "presale" ? presale(change.presale, change.startsAt, null) : publicSale(event, change.startsAt);
      return { kind: "sale-reminder", sale, threshold: change.threshold };
    }
    case "presale-open":
      return { kind: "on-sale-now", sale: presale(change.presale, change.startsAt, change.endsAt) };
    case "on-sale":
      return { kind: "on-sale-now", sale: publicSale(event, change.startsAt ?? event.publicSale.startsAt) };
    case "price-appeared":
      return { kind: "price-below", price: change.price, ceilingMinor: context.maxPriceMinor };
    case "price-dropped":
      return { kind: "price-dropped", from: change.from, to: change.to };
    case "price-changed":
      if (change.from && change.to && change.to.minMinor < change.from.minMinor) return { kind: "price-dropped", from: change.from, to: change.to };
      return { kind: "price-below", price: change.to ?? event.priceRange, ceilingMinor: context.maxPriceMinor };
    case "status-changed":
      return { kind: "status-changed", status: describeStatus(change), previousStartsAt: toInstant(change.start?.from) };
    case "event-gone":
      return { kind: "event-gone" };
    case "sections-available": {
      // The decision's bucket names the sections this watch wanted; the change lists every new offer.
      const wanted = new Set(decision.bucket.split(","));
      const offers = change.offers.filter((offer) => wanted.has(offer.section));
      return { kind: "section-available", offers: offers.length > 0 ? offers : change.offers };
    }
  }
}

/** Builds (and validates) the message for one decision; throws a ZodError if the snapshot cannot be rendered. */
export function toAlertMessage(decision: AlertDecision, context: AlertMessageContext): AlertMessage {
  const { event } = decision;
  return parseAlertMessage({
    alertId: context.alertId,
    eventKey: `${decision.provider}:${decision.eventId}`,
    watchName: context.watchName,
    event: {
      name: event.name,
      venueName: event.venue?.name ?? null,
      city: event.venue?.city ?? null,
      startsAt: toInstant(event.start.dateTime),
      localDate: event.start.localDate,
      venueTimeZone: event.start.timezone ?? event.venue?.timezone ?? null,
      isTba: event.start.isTba,
      officialUrl: toOfficialUrl(event.url),
    },
    fan: { timeZone: context.fan.timeZone, locale: context.fan.locale ?? "en-GB", name: context.fan.name ?? null },
    links: context.links,
    uncheckedCriteria: decision.uncheckedCriteria,
    ...describeDetails(decision, context),
  });
}
