"use client";

import { BellRing, ExternalLink, X } from "lucide-react";
import Link from "next/link";
import { Button, cn } from "@/app/_components/ui";
import { useLiveAlerts } from "@/app/_lib/live-alerts";

/**
 * "New alert: …" for alerts that arrive while a page is open, with the official link. The live region is
 * always in the page, so screen readers announce an arrival (an added region is often not read).
 */
export function LiveAlertBanner() {
  const { recent, dismiss } = useLiveAlerts();
  const latest = recent[0];
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex justify-center p-3 sm:justify-end sm:p-4">
      {latest ? (
        <div className="pointer-events-auto w-full max-w-md rounded-xl border border-brand-100 bg-white p-4 shadow-lg dark:border-slate-700 dark:bg-slate-900" data-testid="live-alert-banner">
          <div className="flex items-start gap-3">
            <BellRing className="mt-0.5 size-5 shrink-0 text-brand-600 dark:text-brand-100" aria-hidden />
            <div className="min-w-0 flex-1">
              <p className="font-semibold break-words">New alert: {latest.title}</p>
              <p className="text-sm break-words text-slate-600 dark:text-slate-300">{latest.body}</p>
              {recent.length > 1 ? <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">and {recent.length - 1} more since you opened this page</p> : null}
              <div className="mt-3 flex flex-wrap items-center gap-2">
                {latest.url ? (
                  <a href={latest.url} target="_blank" rel="noopener noreferrer" className="inline-flex min-h-10 items-center gap-1 rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
                    Official page <ExternalLink className="size-3.5" aria-hidden />
                    <span className="sr-only">(opens in a new tab)</span>
                  </a>
                ) : null}
                <Link href={latest.alertPath} onClick={dismiss} className="inline-flex min-h-10 items-center rounded-lg px-3 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 dark:text-brand-100 dark:hover:bg-slate-800">
                  {recent.length > 1 ? "See alerts" : "See alert"}
                </Link>
              </div>
            </div>
            <Button variant="ghost" className="min-h-10 shrink-0 px-2" onClick={dismiss} aria-label="Dismiss new alerts">
              <X className="size-4" aria-hidden />
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** A small line saying whether the page updates by itself, with a retry when the feed stopped. */
export function LiveStatus({ className }: { className?: string }) {
  const { status, error, retry } = useLiveAlerts();
  return (
    <p className={cn("flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400", className)}>
      <span aria-hidden className={cn("size-2 rounded-full", status === "live" ? "bg-green-500" : status === "connecting" ? "animate-pulse bg-amber-400" : "bg-red-500")} />
      {status === "live" ? "Live: new alerts appear here as they happen" : status === "connecting" ? "Connecting to live updates…" : `Live updates paused${error ? `: ${error}` : ""}`}
      {status === "paused" ? (
        <button type="button" onClick={retry} className="underline">
          Retry
        </button>
      ) : null}
    </p>
  );
}
