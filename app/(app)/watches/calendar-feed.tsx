"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarPlus, Copy } from "lucide-react";
import { useRef, useState } from "react";
import { Alert, Button, Input, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

/** The fan's private ICS feed: create it, copy or subscribe, replace it, turn it off. */
export function CalendarFeed() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const feed = useQuery(trpc.calendar.get.queryOptions());
  const input = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState<string | null>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.calendar.get.queryKey() });
  const regenerate = useMutation(trpc.calendar.regenerate.mutationOptions({ onSuccess: () => { setIsConfirming(false); setNote(null); return refresh(); } }));
  const revoke = useMutation(trpc.calendar.revoke.mutationOptions({ onSuccess: () => { setNote(null); return refresh(); } }));

  if (feed.isPending) return <Spinner label="Loading your calendar feed" />;
  if (feed.isError) return <Alert>Could not load your calendar feed: {feed.error.message}</Alert>;
  const error = regenerate.error ?? revoke.error;
  if (!feed.data) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-slate-600 dark:text-slate-300">Add the events your watches match, with their presale and on-sale windows, to your calendar app.</p>
        <Button variant="secondary" onClick={() => regenerate.mutate()} isBusy={regenerate.isPending}>
          <CalendarPlus className="size-4" aria-hidden /> Create my calendar link
        </Button>
        {error ? <Alert>{error.message}</Alert> : null}
      </div>
    );
  }
  const url = `${typeof window === "undefined" ? "" : window.location.origin}${feed.data.path}`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setNote("Copied. Paste it into your calendar app's “subscribe by URL”.");
    } catch {
      input.current?.select();
      setNote("Selected: copy it with Ctrl+C (⌘C on a Mac).");
    }
  }
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600 dark:text-slate-300">Private: anyone with this link can see your matched events. Replace it if it leaks.</p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="calendar-url" className="sr-only">Private calendar feed URL</label>
        <Input id="calendar-url" ref={input} readOnly value={url} className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
        <div className="flex shrink-0 gap-2">
          <Button variant="secondary" onClick={copy}>
            <Copy className="size-4" aria-hidden /> Copy
          </Button>
          <a href={url.replace(/^https?:/, "webcal:")} className="inline-flex min-h-10 items-center rounded-lg px-3 text-sm font-medium text-brand-700 hover:bg-slate-100 dark:text-brand-100 dark:hover:bg-slate-800">
            Subscribe
          </a>
        </div>
      </div>
      {note ? <p role="status" className="text-xs text-slate-500">{note}</p> : null}
      {isConfirming ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span>The old link stops working at once.</span>
          <Button variant="danger" className="min-h-8 px-3 py-1" onClick={() => regenerate.mutate()} isBusy={regenerate.isPending}>Replace link</Button>
          <Button variant="ghost" className="min-h-8 px-3 py-1" onClick={() => setIsConfirming(false)}>Keep it</Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2 text-sm">
          <Button variant="ghost" className="min-h-8 px-3 py-1" onClick={() => setIsConfirming(true)}>Replace link</Button>
          <Button variant="ghost" className="min-h-8 px-3 py-1" onClick={() => revoke.mutate()} isBusy={revoke.isPending}>Turn off</Button>
        </div>
      )}
      {error ? <Alert>{error.message}</Alert> : null}
    </div>
  );
}
