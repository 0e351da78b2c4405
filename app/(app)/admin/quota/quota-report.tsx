"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { AdminBarChart } from "../_components/bar-chart";
import { BurnDownChart } from "../_components/burn-down-chart";

const TONES = { ok: "text-green-700 dark:text-green-400", warn: "text-amber-700 dark:text-amber-300", bad: "text-red-700 dark:text-red-400" };

function time(date: Date | null) {
  return date ? date.toLocaleString("en-GB", { dateStyle: "short", timeStyle: "medium" }) : "—";
}

function describeQuery(query: Record<string, unknown>) {
  const parts: string[] = [];
  if (Array.isArray(query.attractionIds)) parts.push(`${query.attractionIds.length} attraction${query.attractionIds.length === 1 ? "" : "s"}`);
  if (Array.isArray(query.venueIds)) parts.push(`${query.venueIds.length} venue${query.venueIds.length === 1 ? "" : "s"}`);
  for (const key of ["keyword", "countryCode", "city", "segmentId", "classificationName"]) if (query[key]) parts.push(`${key}: ${String(query[key])}`);
  return parts.join(" · ") || "all events";
}

export function QuotaReport() {
  const trpc = useTRPC();
  const report = useQuery({ ...trpc.admin.quota.queryOptions(), refetchInterval: 10_000 });
  if (report.isPending) return <Spinner label="Reading the quota ledger" />;
  if (report.isError) return <Alert>Could not read the quota ledger: {report.error.message}</Alert>;
  const { keys, queries, circuit, dataSource, lapses, callsTodaySince } = report.data;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-500">
        Source: {dataSource === "sandbox" ? "the built-in sandbox (same limits as the real API)" : "Ticketmaster Discovery"} · circuit{" "}
        <strong className={circuit.state === "closed" ? "text-green-700" : "text-red-700"}>{circuit.state}</strong>
        {circuit.retryAt ? ` (next trial ${time(circuit.retryAt)})` : ""}
      </p>
      {keys.length === 0 ? <Card>No calls made yet.</Card> : null}
      {keys.map((key) => {
        return (
          <Card key={`${key.provider}:${key.keyLabel}`} className="space-y-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-lg font-semibold">
                {key.provider} · <code className="text-sm">{key.keyLabel}</code>
                {key.isCurrentSource ? <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700">in use</span> : null}
              </h2>
              <p className={`text-sm font-medium ${TONES[key.tone]}`} data-testid="quota-verdict">{key.verdict}</p>
            </div>
            <div className="h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" role="meter" aria-label="Calls used in the window" aria-valuemin={0} aria-valuemax={key.limit} aria-valuenow={key.used}>
              <div className="h-full bg-brand-600" style={{ width: `${Math.min(100, (key.used / Math.max(1, key.limit)) * 100)}%` }} />
            </div>
            <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
              <div><dt className="text-slate-500">Used (our ledger)</dt><dd data-testid="quota-used">{key.used.toLocaleString("en")} / {key.limit.toLocaleString("en")}</dd></div>
              <div><dt className="text-slate-500">Rate-Limit-Available (API)</dt><dd>{key.reportedAvailable?.toLocaleString("en") ?? "—"}</dd></div>
              <div><dt className="text-slate-500">Window resets</dt><dd>{time(key.resetAt)}</dd></div>
              <div><dt className="text-slate-500">Projected exhaustion</dt><dd>{key.projectedExhaustionAt ? time(key.projectedExhaustionAt) : "not before reset"}</dd></div>
              <div><dt className="text-slate-500">Calls, last hour</dt><dd data-testid="quota-last-hour">{key.callsLastHour}</dd></div>
              <div><dt className="text-slate-500">Spike-arrest 429s</dt><dd>{key.spike429LastHour}</dd></div>
              <div><dt className="text-slate-500">Quota 429s</dt><dd>{key.quota429LastHour}</dd></div>
              <div><dt className="text-slate-500">Other errors</dt><dd>{key.errorsLastHour}</dd></div>
              <div>
                <dt className="text-slate-500">Reserve</dt>
                <dd data-testid="quota-reserve">{key.reserve != null ? `${key.reserve.toLocaleString("en")} held back (polling stops at ${Math.max(0, key.limit - key.reserve).toLocaleString("en")})` : "—"}</dd>
              </div>
            </dl>
            {key.burnDown.length ? (
              <div>
                <p className="mb-1 text-xs text-slate-500">Calls used over the window ({time(key.windowStartedAt)} to {time(key.resetAt)}) against the limit and an even pace</p>
                <BurnDownChart
                  points={key.burnDown}
                  summary={`Burn-down: ${key.burnDown.findLast((point) => point.used !== null)?.used ?? 0} calls in the ledger this window, ${key.burnDown.findLast((point) => point.used !== null)?.pace ?? 0} at an even pace, limit ${key.limit}.`}
                />
              </div>
            ) : null}
            {key.blockedUntil ? <Alert>The API refused further calls on this key until {time(key.blockedUntil)}.</Alert> : null}
            {key.perMinute.length ? (
              <div>
                <p className="mb-1 text-xs text-slate-500">Calls per minute, last hour</p>
                <AdminBarChart
                  className="h-40"
                  rows={key.perMinute.map((minute) => ({ minute: minute.minute.slice(11, 16), calls: minute.calls - minute.spike429 - minute.quota429, refused: minute.spike429 + minute.quota429 }))}
                  categoryKey="minute"
                  tickInterval="preserveStartEnd"
                  isStacked
                  series={[{ key: "calls", label: "Calls (not 429)", color: "#6366f1" }, { key: "refused", label: "429s", color: "#dc2626" }]}
                  summary={`Calls per minute over the last hour: ${key.callsLastHour} in all, at most ${Math.max(...key.perMinute.map((minute) => minute.calls))} in one minute.`}
                />
              </div>
            ) : null}
          </Card>
        );
      })}
      <Card>
        <h2 className="mb-2 text-lg font-semibold">Queries ({queries.length})</h2>
        <p className="mb-2 text-xs text-slate-500">Calls today: counted calls since {time(callsTodaySince)}, each given to the query whose filters it carried (look-ups by event id belong to none).</p>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr><th className="py-1 pr-3">Query</th><th className="pr-3">Watches / fans</th><th className="pr-3">Calls today</th><th className="pr-3">Cadence</th><th className="pr-3">Last polled</th><th className="pr-3">Next</th><th>Last result</th></tr>
            </thead>
            <tbody>
              {queries.map((query) => (
                <tr key={query.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1 pr-3">{query.kind}: {describeQuery(query.query as Record<string, unknown>)}</td>
                  <td className="pr-3">{query.watchCount} / {query.fanCount}</td>
                  <td className="pr-3" data-testid="query-calls-today">{query.callsToday}</td>
                  <td className="pr-3">{query.cadenceSeconds ? `${Math.round(query.cadenceSeconds / 60)} min` : "—"}</td>
                  <td className="pr-3">{time(query.lastPolledAt)}</td>
                  <td className="pr-3">{time(query.nextDueAt)}</td>
                  <td className={query.lastError ? "text-red-700" : ""}>{query.lastError ?? query.lastResult ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">Check-overdue watches ({lapses.length})</h2>
        {lapses.length === 0 ? (
          <p className="text-sm text-slate-500">Every watch was checked as often as promised.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label="Check-overdue watches">
              <thead className="text-xs text-slate-500">
                <tr><th className="py-1 pr-3">Watch</th><th className="pr-3">Fan</th><th className="pr-3">Overdue since</th><th className="pr-3">Last checked</th><th>Why</th></tr>
              </thead>
              <tbody>
                {lapses.map((lapse) => (
                  <tr key={lapse.id} className="border-t border-slate-100 dark:border-slate-800">
                    <td className="py-1 pr-3">{lapse.watchName}</td>
                    <td className="pr-3">{lapse.userEmail}</td>
                    <td className="pr-3">{time(lapse.overdueSince)}</td>
                    <td className="pr-3">{time(lapse.lastCheckedAt)}</td>
                    <td>{lapse.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
