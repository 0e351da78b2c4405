"use client";

import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Alert, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { watchInput, type WatchInput } from "@/server/api/schemas";
import { formatStart } from "./[id]/matched-events";

/** Typing pauses this long before the preview asks the server again. */
const DEBOUNCE_MS = 400;
/** The catalogue grows while the form is open (a first sweep, new announcements): ask again now and then. */
const CATALOGUE_REFRESH_MS = 15_000;

/** The form's values once they stop changing for a moment (compared by content: the form hands out new objects). */
function useSettledValue<T>(value: T, delayMs: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(key) as T), delayMs);
    return () => clearTimeout(timer);
  }, [key, delayMs]);
  return settled;
}

/** The form as the preview may send it: valid once it says what to watch (a name can come later). */
function toPreviewInput(values: WatchInput) {
  const parsed = watchInput.safeParse({ ...values, name: values.name?.trim() ? values.name : "Preview" });
  if (!parsed.success) return null;
  const { name: _name, firstRun: _firstRun, ...rest } = values;
  return rest;
}

export type PreviewCount = number | null;

/**
 * Events a watch being written would match right now, debounced as the fan types: how many and the first few
 * with why. Tells the form the count so its first-run question can name it.
 */
export function WatchPreview({ values, onCount }: { values: WatchInput; onCount: (count: PreviewCount) => void }) {
  const trpc = useTRPC();
  const input = useSettledValue(toPreviewInput(values), DEBOUNCE_MS);
  const preview = useQuery({ ...trpc.watches.preview.queryOptions(input ?? skipToken), placeholderData: keepPreviousData, retry: false, refetchInterval: CATALOGUE_REFRESH_MS });
  const count = input !== null && preview.isSuccess ? preview.data.count : null;
  useEffect(() => onCount(count), [count, onCount]);

  if (input === null) return <p className="text-sm text-slate-500">Pick a team, artist or venue (or a keyword) to see the events that match right now.</p>;
  if (preview.isPending) return <Spinner label="Looking for matching events" />;
  if (preview.isError) return <Alert>Could not preview the matching events: {preview.error.message}</Alert>;
  const { count: total, events } = preview.data;
  if (total === 0) {
    return <p className="text-sm text-slate-500" data-testid="watch-preview-empty">No event we know of matches this yet. The watch will tell you when one is announced or changes.</p>;
  }
  return (
    <div className="space-y-2" aria-busy={preview.isFetching}>
      <p className="text-sm font-medium" data-testid="watch-preview-count">
        {total === 1 ? "1 event matches right now" : `${total} events match right now`}
        {total > events.length ? ` (the first ${events.length} shown)` : ""}
      </p>
      <ul className="space-y-2" aria-label="Events that match right now">
        {events.map(({ event, reasons, uncheckedCriteria }) => (
          <li key={event.id} className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
            <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between">
              <span className="font-medium">{event.name}</span>
              <span className="text-slate-500">{formatStart(event.startsAt, event.localDate, event.timezone)}</span>
            </div>
            <p className="text-xs text-slate-500">
              Why: {reasons.join(" · ")}
              {uncheckedCriteria.length ? ` · not checked (the source doesn't say): ${uncheckedCriteria.join(", ")}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
