"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert, Card, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { MuteControls } from "../mute-controls";

export function formatStart(startsAt: Date | null, localDate: string | null, timeZone: string | null) {
  if (startsAt) return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: timeZone ?? "UTC" }).format(startsAt);
  return localDate ?? "date to be announced";
}

/** Upcoming events this watch matches now, why, and "I bought it" / snooze per event. */
export function MatchedEvents({ watchId }: { watchId: string }) {
  const trpc = useTRPC();
  const matches = useQuery({ ...trpc.watchEvents.matches.queryOptions({ id: watchId }), refetchInterval: 30_000 });
  if (matches.isPending) return <Spinner label="Loading matched events" />;
  if (matches.isError) return <Alert>Could not load the matched events: {matches.error.message}</Alert>;
  const { matches: rows, sourceNow } = matches.data;
  if (!rows.length) {
    return <p className="text-sm text-slate-500">No upcoming events we know of match this watch yet. New ones show up here (and as alerts) when the ticketing source lists them.</p>;
  }
  return (
    <ul className="space-y-2">
      {rows.map(({ event, reasons, uncheckedCriteria, mute }) => (
        <li key={event.id}>
          <Card className="space-y-2 p-4">
            <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between">
              <Link href={`/events/${event.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                {event.name}
              </Link>
              <span className="text-sm text-slate-500">{formatStart(event.startsAt, event.localDate, event.timezone)}</span>
            </div>
            <p className="text-sm text-slate-600 dark:text-slate-300">
              {[event.venueName, event.city].filter(Boolean).join(", ")} · {event.status}
            </p>
            <p className="text-xs text-slate-500">
              Why: {reasons.join(" · ")}
              {uncheckedCriteria.length ? ` · not checked (the source doesn't say): ${uncheckedCriteria.join(", ")}` : ""}
            </p>
            <MuteControls watchId={watchId} eventId={event.id} eventName={event.name} mute={mute} sourceNow={sourceNow} />
          </Card>
        </li>
      ))}
    </ul>
  );
}
