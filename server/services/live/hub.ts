/**
 * The process's live-alert hub: one LISTEN on `seatwatch_alerts` (the delivery planner NOTIFYs the fan's id
 * when their alerts commit, from whichever process created them), fanned out to this process's open streams
 * of that fan. A notification only says "look again"; each stream reads the table, so a lost or doubled
 * notification costs a query, never an alert.
 */
import type { Database } from "@/db";
import { ALERTS_NOTIFY_CHANNEL } from "../delivery/plan";
import { startChannelListener, type ChannelListener, type ChannelListenerOptions } from "./listener";

export interface LiveAlertHub {
  /** Calls `onWake` when the fan may have new alerts; the listener starts on first use. Returns the unsubscribe. */
  subscribe(userId: string, onWake: () => void): () => void;
  /** The fan's open streams in this process. */
  countStreams(userId: string): number;
  /** Resolves once notifications are flowing (a stream reads its starting point only after that). */
  ready(): Promise<void>;
  stats(): { streams: number; fans: number; isListening: boolean; reconnects: number };
  close(): Promise<void>;
}

export interface LiveAlertHubOptions extends Pick<ChannelListenerOptions, "log" | "applicationName" | "retry" | "healthCheckMs"> {
  raw: Database["raw"];
}

export function createLiveAlertHub(options: LiveAlertHubOptions): LiveAlertHub {
  const streams = new Map<string, Set<() => void>>();
  let listener: ChannelListener | null = null;

  const wakeAll = () => {
    for (const wakes of streams.values()) for (const wake of wakes) wake();
  };
  const ensureListening = () => {
    listener ??= startChannelListener(options.raw, {
      channel: ALERTS_NOTIFY_CHANNEL,
      onNotify: (userId) => {
        for (const wake of streams.get(userId) ?? []) wake();
      },
      onReconnect: wakeAll,
      log: options.log,
      applicationName: options.applicationName,
      retry: options.retry,
      healthCheckMs: options.healthCheckMs,
    });
    return listener;
  };

  return {
    subscribe(userId, onWake) {
      const wakes = streams.get(userId) ?? new Set();
      ensureListening();
      wakes.add(onWake);
      streams.set(userId, wakes);
      return () => {
        wakes.delete(onWake);
        if (wakes.size === 0 && streams.get(userId) === wakes) streams.delete(userId);
      };
    },
    countStreams: (userId) => streams.get(userId)?.size ?? 0,
    ready: () => ensureListening().ready(),
    stats() {
      let count = 0;
      for (const wakes of streams.values()) count += wakes.size;
      return { streams: count, fans: streams.size, isListening: listener?.isListening ?? false, reconnects: listener?.reconnects ?? 0 };
    },
    async close() {
      const current = listener;
      listener = null;
      await current?.close();
    },
  };
}
