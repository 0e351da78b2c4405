import { planNewWatches } from "@/server/services/engine/plan";
import { pollDueQueries } from "@/server/services/engine/poll";
import type { JobDefinition } from "./types";

/** Runs on every process each tick; leases split the due queries between them. */
export const ticketmasterPoll: JobDefinition = {
  id: "ticketmaster.poll",
  schedule: "*/5 * * * * *",
  batch: 10,
  isShared: true,
  async run({ db, events, owner, log, now }, batch) {
    // A watch created since the last engine.plan gets its query now, due on this very tick (its baseline poll).
    await planNewWatches(db, now);
    const outcomes = await pollDueQueries({ db, provider: events.provider, enrich: (list) => events.enrich(list), sourceNow: () => events.now(), owner }, { batch });
    for (const outcome of outcomes) if (outcome.error) log(`query ${outcome.queryId}: ${outcome.error}`);
    return outcomes.length;
  },
};
