import type { Db } from "@/db";
import { countStoredEvents } from "@/db/queries/events";
import type { EventQuery, Provider } from "@/server/providers/types";
import { processObservedEvents } from "./engine/process-events";
import { prepareWatchContext } from "./engine/watch-context";

export interface SweepPlan {
  /** One query per country, or one world-wide query when empty (the sandbox is small enough). */
  countries: string[];
  /** How far ahead to look, from the source's now. */
  horizonDays: number;
  /** Cap on calls per query; a deeper catalogue is split by date window until this runs out. */
  maxCallsPerQuery: number;
}

/**
 * The broad, cheap sweep that keeps the catalogue fresh: one paged search per country over the horizon. What
 * it sees goes through the same diff-and-match path as targeted polls, against every active watch, so a
 * change the sweep notices first is never lost (an event it merely sees first is news only to baselined ones). The very first sweep on an empty catalogue is a baseline.
 */
export async function sweepCatalog(db: Db, provider: Provider, plan: SweepPlan, clocks: { sourceNow: Date; now: Date }) {
  const from = clocks.sourceNow;
  const to = new Date(from.getTime() + plan.horizonDays * 24 * 60 * 60 * 1000);
  const queries: EventQuery[] = plan.countries.length
    ? plan.countries.map((countryCode) => ({ countryCode, startFrom: from.toISOString(), startTo: to.toISOString(), includeTba: true }))
    : [{ startFrom: from.toISOString(), startTo: to.toISOString(), includeTba: true }];
  const isBaseline = (await countStoredEvents(db)) === 0;
  let seen = 0;
  for (const query of queries) {
    const page = await provider.searchEvents(query, { maxCalls: plan.maxCallsPerQuery });
    await db.transaction(async (tx) => {
      await processObservedEvents(tx, { provider: "ticketmaster", events: page.events, isBaseline, clocks }, await prepareWatchContext(tx));
    });
    seen += page.events.length;
  }
  return seen;
}
