import type { Db } from "@/db";
import type { EventQuery, Provider } from "@/server/providers/types";
import { recordObservedEvents } from "./events";

export interface SweepPlan {
  /** One query per country, or one world-wide query when empty (the sandbox is small enough). */
  countries: string[];
  /** How far ahead to look, from the source's now. */
  horizonDays: number;
  /** Cap on calls per query; a deeper catalogue is split by date window until this runs out. */
  maxCallsPerQuery: number;
}

/**
 * The broad, cheap sweep that keeps the catalogue fresh: one paged search per country over the horizon,
 * stored with snapshots for what changed. Returns how many events it saw.
 */
export async function sweepCatalog(db: Db, provider: Provider, plan: SweepPlan, clocks: { sourceNow: Date; now: Date }) {
  const from = clocks.sourceNow;
  const to = new Date(from.getTime() + plan.horizonDays * 24 * 60 * 60 * 1000);
  const queries: EventQuery[] = plan.countries.length
    ? plan.countries.map((countryCode) => ({ countryCode, startFrom: from.toISOString(), startTo: to.toISOString(), includeTba: true }))
    : [{ startFrom: from.toISOString(), startTo: to.toISOString(), includeTba: true }];
  let seen = 0;
  for (const query of queries) {
    const page = await provider.searchEvents(query, { maxCalls: plan.maxCallsPerQuery });
    const result = await recordObservedEvents(db, page.events, clocks.now);
    seen += result.seen;
  }
  return seen;
}
