"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { AppRouter } from "@/server/api/root";
import { isServiceWorkerSupported, postToServiceWorker, registerServiceWorker, type WorkerBroadcast } from "./service-worker";
import { useTRPC } from "./trpc";

/** One alert as the live feed sends it (the SSE event's data). */
export type LiveAlert = inferRouterOutputs<AppRouter>["live"]["alerts"] extends AsyncIterable<infer Event> ? (Event extends { data: infer Data } ? Data : never) : never;

export interface LiveAlertsState {
  /** `live` while the stream is open, `connecting` while (re)connecting, `paused` after an error it will not retry. */
  status: "connecting" | "live" | "paused";
  /** Why the feed is paused, for the fan. */
  error: string | null;
  /** Alerts that arrived on this page since it opened (newest first) and were not dismissed. */
  recent: LiveAlert[];
  dismiss(): void;
  retry(): void;
}

const LiveAlertsContext = createContext<LiveAlertsState | null>(null);

/** How many arrivals the banner keeps (it shows the newest and counts the rest). */
const MAX_RECENT = 20;

/**
 * Holds the signed-in fan's live alert stream for every page under it: new alerts refresh the inbox, the
 * badge and the dashboard (their queries are invalidated), are kept for the banner, and are saved by the
 * service worker for the offline page, with the inbox's own results. Also registers the service worker.
 * `owner` tells the worker whose alerts it keeps, so another account signing in on the device replaces them.
 */
export function LiveAlertsProvider({ owner, children }: { owner: string; children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const seen = useRef(new Set<string>());
  const [recent, setRecent] = useState<LiveAlert[]>([]);

  const refreshAlerts = useCallback(
    () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.dashboard.pathKey() })]),
    [queryClient, trpc],
  );

  const subscription = useSubscription(
    trpc.live.alerts.subscriptionOptions(undefined, {
      onData: ({ data: alert }) => {
        // A resumed stream repeats the last couple of minutes; the page already has those.
        if (seen.current.has(alert.id)) return;
        seen.current.add(alert.id);
        setRecent((list) => [alert, ...list].slice(0, MAX_RECENT));
        void refreshAlerts();
        postToServiceWorker({ type: "seatwatch:alerts-seen", owner, alerts: [alert] });
      },
    }),
  );

  useEffect(() => {
    if (!isServiceWorkerSupported()) return;
    registerServiceWorker().catch((error: unknown) => console.warn("Service worker not registered:", error));
    const onMessage = (event: MessageEvent<WorkerBroadcast>) => {
      if (event.data?.type === "seatwatch:push") void refreshAlerts();
    };
    navigator.serviceWorker.addEventListener("message", onMessage);
    return () => navigator.serviceWorker.removeEventListener("message", onMessage);
  }, [refreshAlerts]);

  // Whatever alert list a page loads is what the offline page can show later.
  useEffect(() => {
    const listKey = JSON.stringify(trpc.alerts.list.pathKey()[0]);
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.action.type !== "success" || JSON.stringify(event.query.queryKey[0]) !== listKey) return;
      const alerts = event.query.state.data as { id: string; title: string; body: string; url: string | null; createdAt: Date }[] | undefined;
      if (alerts?.length) postToServiceWorker({ type: "seatwatch:alerts-seen", owner, alerts: alerts.map(({ id, title, body, url, createdAt }) => ({ id, title, body, url, createdAt })) });
    });
  }, [owner, queryClient, trpc]);

  const { status, error, reset } = subscription;
  const value = useMemo<LiveAlertsState>(
    () => ({
      status: status === "pending" ? "live" : status === "error" ? "paused" : "connecting",
      error: status === "error" ? (error?.message ?? "The live feed stopped") : null,
      recent,
      dismiss: () => setRecent([]),
      retry: reset,
    }),
    [status, error, recent, reset],
  );
  return <LiveAlertsContext.Provider value={value}>{children}</LiveAlertsContext.Provider>;
}

/** The live feed's state, inside a LiveAlertsProvider. */
export function useLiveAlerts(): LiveAlertsState {
  const state = useContext(LiveAlertsContext);
  if (!state) throw new Error("useLiveAlerts needs a LiveAlertsProvider above it");
  return state;
}
