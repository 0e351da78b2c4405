import { findLastSuccessfulRun } from "@/db/queries/jobs";
import { sweepCatalog } from "@/server/services/catalog-sweep";
import type { JobDefinition } from "./types";

// Sandbox: one world-wide query of ~2 pages a minute (≈2,900 calls a day, inside the fake's 5,000).
// Real key: per-country sweeps hourly, ≤ 10 calls each (≈720 a day for 3 countries), leaving the bulk of the
// 5,000-call quota (providers.md 1.10 [TM-DOC-V2]) for targeted polls.
const SANDBOX_INTERVAL_MS = 60_000;
const REAL_INTERVAL_MS = 60 * 60_000;

export const catalogSweep: JobDefinition = {
  id: "catalog.sweep",
  schedule: "* * * * *",
  batch: 10,
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
