"use client";

import { useQuery } from "@tanstack/react-query";
import { Card, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

const STATUS_TEXT = {
  ok: "Checking normally",
  pending: "Waiting for its first check (usually within a minute)",
  paused: "Paused: not checked until you resume it",
  "waiting-quota": "Waiting: the ticketing API's daily budget is spent; checks resume when it resets",
  failing: "The ticketing API is having trouble; we retry with backoff",
} as const;

function formatTime(date: Date | null) {
  return date ? date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "—";
}

function formatDuration(seconds: number) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function formatCadence(seconds: number | null) {
  return seconds ? `every ${formatDuration(seconds)}` : "—";
}

export function WatchHealth({ watchId }: { watchId: string }) {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.watches.health.queryOptions({ id: watchId }), refetchInterval: 10_000 });
  if (health.isPending) return <Spinner label="Loading watch health" />;
  if (health.isError) return null;
  const data = health.data;
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">Watch health</h2>
      <p className={`text-sm ${data.status === "ok" ? "text-green-700 dark:text-green-400" : data.status === "failing" || data.status === "waiting-quota" ? "text-amber-700 dark:text-amber-300" : "text-slate-600 dark:text-slate-300"}`}>
        {STATUS_TEXT[data.status]}
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        <div><dt className="text-slate-500">Last checked</dt><dd>{formatTime(data.lastCheckedAt)}</dd></div>
        <div><dt className="text-slate-500">Next check</dt><dd>{formatTime(data.nextCheckAt)}</dd></div>
        <div><dt className="text-slate-500">Cadence</dt><dd>{formatCadence(data.cadenceSeconds)}</dd></div>
        <div><dt className="text-slate-500">Shared with</dt><dd>{data.sharedWith} other watch{data.sharedWith === 1 ? "" : "es"}</dd></div>
      </dl>
      {data.lapse ? (
        <p role="status" className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-slate-900 dark:text-amber-200" data-testid="watch-lapse">
          Not checked for {formatDuration(data.lapse.uncheckedForSeconds)}
          {data.lapse.promisedEverySeconds ? `, promised ${formatCadence(data.lapse.promisedEverySeconds)}` : ""}. {data.lapse.reason}
        </p>
      ) : null}
      {data.errors.length ? <p className="mt-2 text-xs text-slate-500">Last problem: {data.errors[0]}</p> : null}
    </Card>
  );
}
