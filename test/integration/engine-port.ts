/**
 * A hand-written provider port for engine service tests that are not about HTTP: it lists what the test says
 * the provider lists now, or fails the way the test says, and wraps itself as the jobs' event source.
 */
import type { Event, EventPage, Provider } from "@/server/providers/types";
import { ProviderError } from "@/server/providers/types";
import type { EventSource } from "@/server/sources";

export function createScriptedProvider() {
  let listed: Event[] = [];
  let failure: ProviderError | null = null;
  const check = () => {
    if (failure) throw failure;
  };
  const provider: Provider = {
    id: "ticketmaster",
    capabilities: { status: true, priceRange: true, sections: false, quantities: false, availability: false, presales: true },
    async searchEvents(): Promise<EventPage> {
      check();
      return { events: [...listed], total: listed.length, isTruncated: false };
    },
    async getEvents(ids) {
      check();
      return listed.filter((event) => ids.includes(event.id));
    },
    searchAttractions: async () => [],
    searchVenues: async () => [],
  };
  const source = { provider, dataSource: "sandbox", keyLabel: "tm:scripted", sweepCountries: [], now: () => new Date(), enrich: async (list: Event[]) => list } as unknown as EventSource;
  return {
    provider,
    source,
    list(events: Event[]) {
      listed = events;
    },
    listed: () => [...listed],
    /** Every call fails with this until `recover()`. */
    fail(kind: ProviderError["kind"], message: string) {
      failure = new ProviderError("ticketmaster", kind, message, { status: 503 });
    },
    recover() {
      failure = null;
    },
  };
}
