import type { Db } from "@/db";
import { listOpenCheckLapses } from "@/db/queries/check-lapses";
import { listQueriesForAdmin } from "@/db/queries/engine";
import { listQuotaWindows, summarizeRecentCalls } from "@/db/queries/quota";
import type { CircuitSnapshot } from "@/server/providers/http";

const WINDOW_MS = 24 * 3_600_000;

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
export async function readQuotaReport(db: Db, source: { keyLabel: string; dataSource: string; readCircuit(): CircuitSnapshot }, now = new Date()) {
  const windows = await listQuotaWindows(db);
  const keys = await Promise.all(
    windows.map(async (window) => {
      const minutes = await summarizeRecentCalls(db, { provider: window.provider, keyLabel: window.keyLabel, since: new Date(now.getTime() - 60 * 60_000) });
      const windowLive = window.resetAt && window.resetAt > now;
      const used = windowLive ? window.used : 0;
      const reset = windowLive ? window.resetAt : null;
      const started = windowLive ? window.windowStartedAt : null;
      const projection = started && used > 0 ? projectExhaustion(used, window.limit, started, reset, now) : null;
      return {
        provider: window.provider,
        keyLabel: window.keyLabel,
        isCurrentSource: window.keyLabel === source.keyLabel,
        limit: window.limit,
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
        ...describeQuota(used, window.limit, started, reset, now),
      };
    }),
  );
  const queries = await listQueriesForAdmin(db, { limit: 200 });
  // Watches that went unchecked for longer than promised (open episodes, oldest first); their fans were alerted.
  const lapses = await listOpenCheckLapses(db, { limit: 200 });
  return { dataSource: source.dataSource, circuit: source.readCircuit(), keys, queries, lapses };
}

/** When the window would run out at the current average pace, if before its reset. */
function projectExhaustion(used: number, limit: number, startedAt: Date, resetAt: Date | null, now: Date): Date | null {
  const elapsed = Math.max(60_000, now.getTime() - startedAt.getTime());
  const perMs = used / elapsed;
  const at = new Date(now.getTime() + (limit - used) / perMs);
  const end = resetAt ?? new Date(startedAt.getTime() + WINDOW_MS);
  return at < end ? at : null;
}
