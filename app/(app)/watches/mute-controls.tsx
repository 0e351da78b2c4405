"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Alert, Button, Input, Select } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

export type MuteState = { kind: "bought" | "snoozed"; until: Date | null } | null;

const SNOOZE_DAYS = [1, 3, 7, 14, 30];

function formatUntil(date: Date) {
  return date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

/**
 * "I bought it" and "Snooze" for one event on one watch, both undoable. Times are on the events' clock (the
 * sandbox's runs fast), which `sourceNow` gives.
 */
export function MuteControls({ watchId, eventId, eventName, mute, sourceNow }: { watchId: string; eventId: string; eventName: string; mute: MuteState; sourceNow: Date }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [days, setDays] = useState("7");
  const [until, setUntil] = useState("");
  const [isSnoozeOpen, setIsSnoozeOpen] = useState(false);
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: trpc.watchEvents.matches.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.watchEvents.forEvent.queryKey() })]);
  const options = { onSuccess: () => { setError(null); setIsSnoozeOpen(false); return refresh(); }, onError: (caught: { message: string }) => setError(caught.message) };
  const muteEvent = useMutation(trpc.watchEvents.mute.mutationOptions(options));
  const unmute = useMutation(trpc.watchEvents.unmute.mutationOptions(options));
  const isBusy = muteEvent.isPending || unmute.isPending;
  const pair = { watchId, eventId };

  if (mute) {
    return (
      <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="mute-state">
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700 dark:bg-slate-800 dark:text-slate-200">
          {mute.kind === "bought" ? "Bought — no more alerts for this event" : `Snoozed until ${mute.until ? formatUntil(mute.until) : "—"}`}
        </span>
        <Button variant="ghost" className="min-h-8 px-2 py-1" aria-label={`Undo ${mute.kind === "bought" ? "I bought it" : "snooze"} for ${eventName}`} onClick={() => unmute.mutate(pair)} isBusy={isBusy}>
          Undo
        </Button>
        {error ? <Alert>{error}</Alert> : null}
      </div>
    );
  }
  const minDate = new Date(sourceNow.getTime() + 86_400_000).toISOString().slice(0, 10);
  return (
    <div className="space-y-2 text-sm">
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" className="min-h-8 px-3 py-1" aria-label={`I bought tickets for ${eventName}`} onClick={() => muteEvent.mutate({ ...pair, mode: "bought" })} isBusy={muteEvent.isPending}>
          I bought it
        </Button>
        <Button variant="ghost" className="min-h-8 px-3 py-1" aria-expanded={isSnoozeOpen} aria-controls={`${id}-snooze`} onClick={() => setIsSnoozeOpen(!isSnoozeOpen)}>
          Snooze…
        </Button>
      </div>
      {isSnoozeOpen ? (
        <div id={`${id}-snooze`} className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3 sm:flex-row sm:items-end dark:border-slate-700">
          <div className="space-y-1">
            <label htmlFor={`${id}-days`} className="block text-xs font-medium">Snooze for</label>
            <div className="flex gap-2">
              <Select id={`${id}-days`} value={days} onChange={(event) => setDays(event.target.value)} className="w-32">
                {SNOOZE_DAYS.map((value) => (
                  <option key={value} value={value}>{value} day{value === 1 ? "" : "s"}</option>
                ))}
              </Select>
              <Button variant="secondary" className="min-h-9 px-3 py-1" onClick={() => muteEvent.mutate({ ...pair, mode: "snooze-days", days: Number(days) })} isBusy={isBusy}>
                Snooze
              </Button>
            </div>
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-until`} className="block text-xs font-medium">or until</label>
            <div className="flex gap-2">
              <Input id={`${id}-until`} type="date" min={minDate} value={until} onChange={(event) => setUntil(event.target.value)} className="w-44" />
              <Button variant="secondary" className="min-h-9 px-3 py-1" disabled={!until} onClick={() => muteEvent.mutate({ ...pair, mode: "snooze-until", until: new Date(`${until}T00:00:00`) })} isBusy={isBusy}>
                Snooze until
              </Button>
            </div>
          </div>
        </div>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}
