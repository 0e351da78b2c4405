import { findLastSuccessfulRun } from "@/db/queries/jobs";
import { sweepCatalog } from "@/server/services/catalog-sweep";
import type { JobDefinition } from "./types";

// Sandbox: one world-wide query of ~2 pages a minute (≈2,900 calls a day, inside the fake's 5,000).
// Real key: per-country sweeps hourly, ≤ 10 calls each (≈720 a day for 3 countries), leaving the bulk of the
// 5,000-call quota (providers.md 1.10 [TM-DOC-V2]) for targeted polls.
const SANDBOX_INTERVAL_MS = 60_000;
const REAL_INTERVAL_MS = 60 * 60_000;
/** The sandbox's world-wide query: about 2 pages a run (the comment above). */
const SANDBOX_CALLS_PER_RUN = 2;
/** Calls per query and run: the job's batch. */
const MAX_CALLS_PER_QUERY = 10;

/** Calls per hour the sweep may spend, which the scheduler sets aside from the targeted polls' budget. */
export function estimateSweepCallsPerHour(source: { dataSource: "sandbox" | "ticketmaster"; sweepCountries: string[] }): number {
  if (source.dataSource === "sandbox") return SANDBOX_CALLS_PER_RUN * (3_600_000 / SANDBOX_INTERVAL_MS);
  return Math.max(1, source.sweepCountries.length) * MAX_CALLS_PER_QUERY * (3_600_000 / REAL_INTERVAL_MS);
}

export const catalogSweep: JobDefinition = {
  id: "catalog.sweep",
  schedule: "* * * * *",
  batch: MAX_CALLS_PER_QUERY,
  async run({ db, events, now }, batch) {
    const isSandbox = events.dataSource === "sandbox";
    const last = await findLastSuccessfulRun(db, { jobId: "catalog.sweep" });
    const interval = isSandbox ? SANDBOX_INTERVAL_MS : REAL_INTERVAL_MS;
    // A tick is a minute; the margin keeps a slightly early tick from skipping a whole interval.
    if (last && now.getTime() - last.startedAt.getTime() < interval - 5_000) return 0;
    return sweepCatalog(
      db,
      events.provider,
      { countries: isSandbox ? [] : events.sweepCountries, horizonDays: 365, maxCallsPerQuery: batch },
      { sourceNow: events.now(), now },
    );
  },
};
