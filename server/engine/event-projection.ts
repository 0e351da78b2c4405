/**
 * The canonical projection of an event: the fields a fan can be alerted about or shown, in a fixed order,
 * so that "store a snapshot only when something changed" compares meaning, not JSON layout.
 */
import type { Event, Presale, SectionOffer } from "@/server/providers/types";
import { stringifyCanonical } from "./hash";

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Presales in a fixed order (providers list them in no promised order). */
export function sortPresales(presales: readonly Presale[]): Presale[] {
  return [...presales].sort((a, b) => compareText(a.name, b.name) || compareText(a.startsAt ?? "", b.startsAt ?? ""));
}

/** Section offers in a fixed order. */
export function sortOffers(offers: readonly SectionOffer[]): SectionOffer[] {
  return [...offers].sort(
    (a, b) => compareText(a.section, b.section) || compareText(a.row ?? "", b.row ?? "") || a.priceMinor - b.priceMinor || a.count - b.count,
  );
}

/**
 * The event without presentation-only fields (image, seat map) and with every list sorted. Two snapshots
 * with equal projections are the same as far as alerts and the event page are concerned.
 */
export function projectEvent(event: Event): unknown {
  return {
    provider: event.provider,
    id: event.id,
    name: event.name,
    url: event.url,
    start: event.start,
    status: event.status,
    initialStartDate: event.initialStartDate,
    publicSale: { startsAt: event.publicSale.startsAt, endsAt: event.publicSale.endsAt },
    presales: sortPresales(event.presales).map((p) => ({ name: p.name, startsAt: p.startsAt, endsAt: p.endsAt })),
    priceRange: event.priceRange,
    classification: event.classification,
    venue: event.venue,
    attractions: [...event.attractions]
      .sort((a, b) => compareText(a.id, b.id))
      .map((a) => ({ id: a.id, name: a.name, url: a.url, classification: a.classification })),
    ticketLimit: event.ticketLimit,
    availability: event.availability,
    sectionOffers: event.sectionOffers === null ? null : sortOffers(event.sectionOffers),
  };
}

/** Whether a new snapshot differs in meaning from the stored one (field order and equal values are noise). */
export function hasMeaningfulChange(previous: Event | null, current: Event | null): boolean {
  if (previous === null || current === null) return previous !== current;
  return stringifyCanonical(projectEvent(previous)) !== stringifyCanonical(projectEvent(current));
}
