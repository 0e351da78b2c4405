"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, Clock } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert, Card, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

const ATTENTION_TEXT = {
  "waiting-quota": "Waiting: the ticketing API's budget is spent until its window resets",
  failing: "Failing: the ticketing API keeps erroring; we retry with backoff",
  overdue: "Overdue: not checked as often as promised",
} as const;

/** "in 2 d 4 h", "in 5 min 12 s": coarse far out, to the second in the last hour. */
export function formatCountdown(ms: number) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return `${minutes} min ${seconds % 60} s`;
}

/** The source's clock now, from the last answer's reading, advancing at the source's rate (the sandbox runs fast). */
function useSourceClock(sourceNow: Date | undefined, fetchedAt: number, rate: number) {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return sourceNow ? sourceNow.getTime() + (tick - fetchedAt) * rate : tick;
}

/** The sale's opening in the fan's own time zone (from their settings), named so nobody misreads it. */
function when(date: Date, timeZone: string) {
  const options: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
  try {
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone }).format(date);
  } catch {
    // A zone this browser does not know: UTC, labelled as such, rather than no date.
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(date);
  }
}

/** Upcoming presales and on-sales from the fan's watches, with live countdowns, and the watches that need a look. */
export function DashboardPanels({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const dashboard = useQuery({ ...trpc.dashboard.get.queryOptions(), refetchInterval: 60_000 });
  const now = useSourceClock(dashboard.data?.sourceNow, dashboard.dataUpdatedAt, dashboard.data?.clockRate ?? 1);

  if (dashboard.isPending) return <Card><Spinner label="Loading what's coming up" /></Card>;
  if (dashboard.isError) return <Alert>Could not load your upcoming sales: {dashboard.error.message}</Alert>;
  const { upcomingSales, moreSales, attention } = dashboard.data;
  return (
    <>
      {attention.length ? (
        <Card className="border-amber-300 dark:border-amber-700">
          <h2 className="mb-2 flex items-center gap-2 text-lg font-semibold">
            <AlertTriangle className="size-5 text-amber-600" aria-hidden /> Watches that need a look
          </h2>
          <ul className="space-y-2" data-testid="dashboard-attention">
            {attention.map((watch) => (
              <li key={watch.id} className="text-sm">
                <Link href={`/watches/${watch.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">{watch.name}</Link>
                <span className="block text-amber-800 dark:text-amber-200">{ATTENTION_TEXT[watch.status]}{watch.errors[0] ? ` (${watch.errors[0]})` : ""}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-2 flex items-center gap-2 text-lg font-semibold">
          <Clock className="size-5 text-brand-600" aria-hidden /> Coming up: presales and on-sales
        </h2>
        {upcomingSales.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">No presale or on-sale dates announced for the events your watches match. We alert you as soon as one appears.</p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="dashboard-sales">
            {upcomingSales.map((sale) => {
              const startsIn = new Date(sale.startsAt).getTime() - now;
              const isOpen = startsIn <= 0;
              return (
                <li key={`${sale.eventId}-${sale.kind}-${sale.name}`} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-center sm:justify-between">
                  <div className="min-w-0">
                    <Link href={`/events/${sale.eventId}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">{sale.eventName}</Link>
                    <p className="text-xs text-slate-500">
                      {sale.kind === "presale" ? `Presale: ${sale.name}` : "Public on-sale"} · {when(new Date(sale.startsAt), timeZone)} · from {sale.watchNames.join(", ")}
                    </p>
                  </div>
                  <span className={`shrink-0 text-sm font-semibold tabular-nums ${isOpen ? "text-green-700 dark:text-green-400" : ""}`} data-testid="sale-countdown">
                    {isOpen ? (sale.endsAt ? `open, closes in ${formatCountdown(new Date(sale.endsAt).getTime() - now)}` : "open now") : `opens in ${formatCountdown(startsIn)}`}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {moreSales > 0 ? <p className="mt-2 text-xs text-slate-500">{moreSales} more on your watch pages and in your calendar feed.</p> : null}
      </Card>
    </>
  );
}
