import type { AttractionHit, Event, EventPage, Provider, VenueHit } from "@/server/providers/types";

/** An in-memory fake of the provider port for service tests that are not about HTTP. */
export function createFakeProvider(data: { attractions?: AttractionHit[]; venues?: VenueHit[]; events?: Event[] } = {}): Provider & { calls: string[] } {
  const calls: string[] = [];
  const matches = (name: string, keyword: string) => name.toLowerCase().includes(keyword.toLowerCase());
  return {
    id: "ticketmaster",
    capabilities: { status: true, priceRange: true, sections: false, quantities: false, availability: false, presales: true },
    calls,
    async searchEvents(): Promise<EventPage> {
      calls.push("searchEvents");
      return { events: data.events ?? [], total: data.events?.length ?? 0, isTruncated: false };
    },
    async getEvents(ids) {
      calls.push(`getEvents:${ids.join(",")}`);
      return (data.events ?? []).filter((event) => ids.includes(event.id));
    },
    async searchAttractions(keyword) {
      calls.push(`searchAttractions:${keyword}`);
      return (data.attractions ?? []).filter((hit) => matches(hit.name, keyword));
    },
    async searchVenues(keyword) {
      calls.push(`searchVenues:${keyword}`);
      return (data.venues ?? []).filter((hit) => matches(hit.name, keyword));
    },
  };
}
