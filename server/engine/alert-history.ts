/**
 * Past alerts per watch × event, folded into what the re-arm rules need: counts and last times per stage
 * and bucket, and the lowest price alerted. The lead loads the relevant rows from the alerts table and folds
 * them here; the matcher folds its own decisions the same way within a batch.
 */
import type { ProviderId } from "@/server/providers/types";
import type { AlertDecision, AlertHistory, AlertStage, WatchEventHistory } from "./types";

/** The columns of a stored alert the history needs (an `AlertDecision` has them all). */
export interface PastAlert {
  watchId: string;
  provider: ProviderId;
  eventId: string;
  stage: AlertStage;
  bucket: string;
  priceMinor: number | null;
  currency: string | null;
  /** ISO instant. */
  decidedAt: string;
}

/** `provider:eventId`, the event part of history lookups and idempotency keys. */
export function formatEventKey(provider: ProviderId, eventId: string): string {
  return `${provider}:${eventId}`;
}

function later(a: string | null | undefined, b: string): string {
  return a && Date.parse(a) > Date.parse(b) ? a : b;
}

/** A new history with one more alert folded in; the input is not modified. */
export function foldAlert(history: WatchEventHistory | undefined, alert: PastAlert): WatchEventHistory {
  const base: WatchEventHistory = history ?? { count: 0, lastAt: null, byStage: {}, lowestPriceMinor: null, lowestPriceCurrency: null };
  const stage = base.byStage[alert.stage];
  const byStage = {
    ...base.byStage,
    [alert.stage]: {
      count: (stage?.count ?? 0) + 1,
      lastAt: later(stage?.lastAt, alert.decidedAt),
      buckets: { ...stage?.buckets, [alert.bucket]: later(stage?.buckets[alert.bucket], alert.decidedAt) },
    },
  };
  let { lowestPriceMinor, lowestPriceCurrency } = base;
  if (alert.stage === "price" && alert.priceMinor !== null && alert.currency) {
    // A price in a new currency restarts "lowest": amounts in different currencies do not compare.
    if (lowestPriceMinor === null || lowestPriceCurrency !== alert.currency || alert.priceMinor < lowestPriceMinor) {
      lowestPriceMinor = alert.priceMinor;
      lowestPriceCurrency = alert.currency;
    }
  }
  return { count: base.count + 1, lastAt: later(base.lastAt, alert.decidedAt), byStage, lowestPriceMinor, lowestPriceCurrency };
}

/** An in-memory history that can also record new alerts (tests, the golden runner, a worker's batch). */
export interface MemoryAlertHistory extends AlertHistory {
  record(alert: PastAlert): void;
  readonly size: number;
}

/** Builds a history from stored alerts (any order). */
export function createAlertHistory(alerts: Iterable<PastAlert> = []): MemoryAlertHistory {
  const entries = new Map<string, WatchEventHistory>();
  const keyOf = (watchId: string, eventKey: string) => `${watchId}\u0000${eventKey}`;
  const history: MemoryAlertHistory = {
    get: (watchId, eventKey) => entries.get(keyOf(watchId, eventKey)),
    record(alert) {
      const key = keyOf(alert.watchId, formatEventKey(alert.provider, alert.eventId));
      entries.set(key, foldAlert(entries.get(key), alert));
    },
    get size() {
      return entries.size;
    },
  };
  for (const alert of alerts) history.record(alert);
  return history;
}

/** Records every decision of a batch (what the caller does after persisting them). */
export function recordDecisions(history: MemoryAlertHistory, decisions: readonly AlertDecision[]): void {
  for (const decision of decisions) history.record(decision);
}
