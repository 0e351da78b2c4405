import type { Event } from "@/server/providers/types";

export const OFFICIAL_URL = "https://www.ticketmaster.co.uk/arctic-monkeys-london/event/G5vYZ9";

/** An on-sale Ticketmaster event at The O2 in June 2026, priced £45–£95; `overrides` replace whole fields. No IO. */
export function buildEvent(id: string, overrides: Partial<Event> = {}): Event {
  return {
    provider: "ticketmaster",
    id,
    name: `Arctic Monkeys ${id}`,
    url: `${OFFICIAL_URL}?e=${id}`,
    start: { localDate: "2026-06-12", localTime: "19:30:00", dateTime: "2026-06-12T18:30:00Z", timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false },
    status: "onsale",
    initialStartDate: null,
    publicSale: { startsAt: "2026-03-06T10:00:00Z", endsAt: "2026-06-12T18:00:00Z" },
    presales: [],
    priceRange: { minMinor: 4500, maxMinor: 9500, currency: "GBP" },
    classification: null,
    venue: { id: "KovZ9177WUV", name: "The O2", city: "London", stateCode: null, countryCode: "GB", latitude: null, longitude: null, timezone: "Europe/London" },
    attractions: [],
    ticketLimit: null,
    imageUrl: null,
    seatmapUrl: null,
    availability: null,
    sectionOffers: null,
    ...overrides,
  };
}
