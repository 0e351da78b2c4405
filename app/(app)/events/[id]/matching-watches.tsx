"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert, Card, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { MuteControls } from "../../watches/mute-controls";

/** The fan's watches that match this event and why, with "I bought it" / snooze per watch. */
export function MatchingWatches({ eventId, eventName }: { eventId: string; eventName: string }) {
  const trpc = useTRPC();
  const result = useQuery(trpc.watchEvents.forEvent.queryOptions({ id: eventId }));
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">Your watches that match</h2>
      {result.isPending ? <Spinner label="Loading your matching watches" /> : null}
      {result.isError ? <Alert>Could not check your watches: {result.error.message}</Alert> : null}
      {result.data && result.data.watches.length === 0 ? (
        <p className="text-sm text-slate-500">
          None of your watches match this event (or it is past or cancelled). <Link href="/watches/new" className="underline">Create a watch</Link> to hear about events like it.
        </p>
      ) : null}
      {result.data?.watches.length ? (
        <ul className="space-y-3">
          {result.data.watches.map((watch) => (
            <li key={watch.watchId} className="space-y-1 border-t border-slate-100 pt-3 first:border-t-0 first:pt-0 dark:border-slate-800">
              <Link href={`/watches/${watch.watchId}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                {watch.name}
              </Link>
              {watch.isPaused ? <span className="ml-2 text-xs text-slate-500">(paused)</span> : null}
              <p className="text-xs text-slate-500">
                Why: {watch.reasons.join(" · ")}
                {watch.uncheckedCriteria.length ? ` · not checked: ${watch.uncheckedCriteria.join(", ")}` : ""}
              </p>
              <MuteControls watchId={watch.watchId} eventId={eventId} eventName={eventName} mute={watch.mute} sourceNow={result.data.sourceNow} />
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
