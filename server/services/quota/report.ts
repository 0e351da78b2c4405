import type { Db } from "@/db";
import { listOpenCheckLapses } from "@/db/queries/check-lapses";
import { listQueriesForAdmin } from "@/db/queries/engine";
import { listQuotaWindows, summarizeRecentCalls } from "@/db/queries/quota";
import { countCallsByEndpoint, countCallsPerBucket } from "@/db/queries/quota-report";
import type { CircuitSnapshot } from "@/server/providers/http";
import type { EventQuery } from "@/server/providers/types";
import { attributeCalls } from "./calls-by-query";

const WINDOW_MS = 24 * 3_600_000;
/** Points on the burn-down: half-hour steps over Ticketmaster's 24 h window. */
const BURN_DOWN_STEPS = 48;

export interface BurnDownPoint {
  at: Date;
  /** Counted calls in the ledger from the window's start up to `at`; null for points still in the future. */
  used: number | null;
  limit: number;
  /** Where an even pace through the window would be at `at`. */
  pace: number;
}

/** Calls used over the whole rolling window against the limit and the even pace, from the call ledger. */
async function readBurnDown(db: Db, key: { provider: string; keyLabel: string; limit: number }, startedAt: Date, resetAt: Date | null, now: Date): Promise<BurnDownPoint[]> {
  const end = resetAt ?? new Date(startedAt.getTime() + WINDOW_MS);
  const stepMs = Math.max(1, (end.getTime() - startedAt.getTime()) / BURN_DOWN_STEPS);
  const buckets = await countCallsPerBucket(db, { provider: key.provider, keyLabel: key.keyLabel, since: startedAt, bucketMs: stepMs });
  const usedBefore = (step: number) => buckets.filter((bucket) => bucket.bucket < step).reduce((sum, bucket) => sum + bucket.calls, 0);
  const paceAt = (at: Date) => Math.round((key.limit * (at.getTime() - startedAt.getTime())) / (end.getTime() - startedAt.getTime()));
  const points: BurnDownPoint[] = [];
  for (let step = 0; step <= BURN_DOWN_STEPS; step++) {
    const at = new Date(startedAt.getTime() + step * stepMs);
    if (at > now && (points.at(-1)?.at ?? startedAt) < now) {
      // The line ends at "now" with every call so far.
      points.push({ at: now, used: usedBefore(Infinity), limit: key.limit, pace: paceAt(now) });
    }
    points.push({ at, used: at <= now ? usedBefore(step) : null, limit: key.limit, pace: paceAt(at) });
  }
  return points;
}

/** A sentence an admin can act on: how much is used, how much of the window has passed, and the trend. */
export function describeQuota(used: number, limit: number, windowStartedAt: Date | null, resetAt: Date | null, now: Date): { verdict: string; tone: "ok" | "warn" | "bad" } {
  const share = limit ? used / limit : 0;
  const elapsed = windowStartedAt && resetAt ? Math.min(1, Math.max(0, (now.getTime() - windowStartedAt.getTime()) / (resetAt.getTime() - windowStartedAt.getTime()))) : 0;
  const numbers = `${used.toLocaleString("en")} of ${limit.toLocaleString("en")} calls used, ${Math.round(elapsed * 100)}% of the window gone`;
  if (share >= 0.95) return { verdict: `Nearly spent: ${numbers}. Polling waits for the reset.`, tone: "bad" };
  if (share > elapsed + 0.15) return { verdict: `Ahead of pace: ${numbers}. The scheduler slows quiet queries to fit.`, tone: "warn" };
  return { verdict: `On track: ${numbers}.`, tone: "ok" };
}

/** Everything the admin quota page shows, read from the shared ledger. */
export async function readQuotaReport(db: Db, source: { keyLabel: string; dataSource: string; readCircuit(): CircuitSnapshot; quotaReserve?: number }, now = new Date()) {
  const windows = await listQuotaWindows(db);
  const keys = await Promise.all(
    windows.map(async (window) => {
      const minutes = await summarizeRecentCalls(db, { provider: window.provider, keyLabel: window.keyLabel, since: new Date(now.getTime() - 60 * 60_000) });
      const windowLive = window.resetAt && window.resetAt > now;
      const used = windowLive ? window.used : 0;
      const reset = windowLive ? window.resetAt : null;
      const started = windowLive ? window.windowStartedAt : null;
      const projection = started && used > 0 ? projectExhaustion(used, window.limit, started, reset, now) : null;
      const burnDown = started ? await readBurnDown(db, window, started, reset, now) : [];
      return {
        provider: window.provider,
        keyLabel: window.keyLabel,
        isCurrentSource: window.keyLabel === source.keyLabel,
        limit: window.limit,
        // The gate's reserve is known for the key this process polls with; other keys' processes keep their own.
        reserve: window.keyLabel === source.keyLabel ? (source.quotaReserve ?? null) : null,
        used,
        reportedAvailable: windowLive ? window.reportedAvailable : null,
        windowStartedAt: started,
        resetAt: reset,
        blockedUntil: window.blockedUntil && window.blockedUntil > now ? window.blockedUntil : null,
        projectedExhaustionAt: projection,
        callsLastHour: minutes.reduce((sum, minute) => sum + minute.calls, 0),
        spike429LastHour: minutes.reduce((sum, minute) => sum + minute.spike429, 0),
        quota429LastHour: minutes.reduce((sum, minute) => sum + minute.quota429, 0),
        errorsLastHour: minutes.reduce((sum, minute) => sum + minute.errors, 0),
        perMinute: minutes,
        burnDown,
        ...describeQuota(used, window.limit, started, reset, now),
      };
    }),
  );
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const listed = await listQueriesForAdmin(db, { limit: 200 });
  // The ledger names no query; a call is its query's when the filters in its address are that query's.
  const spentToday = attributeCalls(listed.map((query) => ({ id: query.id, query: query.query as EventQuery })), await countCallsByEndpoint(db, { provider: "ticketmaster", since: dayStart }));
  const queries = listed.map((query) => ({ ...query, callsToday: spentToday.get(query.id) ?? 0 }));
  // Watches that went unchecked for longer than promised (open episodes, oldest first); their fans were alerted.
  const lapses = await listOpenCheckLapses(db, { limit: 200 });
  return { dataSource: source.dataSource, circuit: source.readCircuit(), keys, queries, callsTodaySince: dayStart, lapses };
}

/** When the window would run out at the current average pace, if before its reset. */
function projectExhaustion(used: number, limit: number, startedAt: Date, resetAt: Date | null, now: Date): Date | null {
  const elapsed = Math.max(60_000, now.getTime() - startedAt.getTime());
  const perMs = used / elapsed;
  const at = new Date(now.getTime() + (limit - used) / perMs);
  const end = resetAt ?? new Date(startedAt.getTime() + WINDOW_MS);
  return at < end ? at : null;
}
