import { pollDueQueries } from "@/server/services/engine/poll";
import type { JobDefinition } from "./types";

/** Runs on every process each tick; leases split the due queries between them. */
export const ticketmasterPoll: JobDefinition = {
  id: "ticketmaster.poll",
  schedule: "*/5 * * * * *",
  batch: 10,
  isShared: true,
  async run({ db, events, owner, log }, batch) {
    const outcomes = await pollDueQueries({ db, provider: events.provider, enrich: (list) => events.enrich(list), sourceNow: () => events.now(), owner }, { batch });
    for (const outcome of outcomes) if (outcome.error) log(`query ${outcome.queryId}: ${outcome.error}`);
    return outcomes.length;
  },
};
