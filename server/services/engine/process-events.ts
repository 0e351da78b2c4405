import type { DbOrTx } from "@/db";
import { findEventsByProviderIds, markEventsGone } from "@/db/queries/events";
import { insertAlerts, listPastAlerts } from "@/db/queries/engine";
import type { WatchRow } from "@/db/schema";
import { createAlertHistory, diffEvent, matchChanges, type AlertDecision, type EventChange, type PastAlert, type WatchIndex } from "@/server/engine";
import type { Event, ProviderId } from "@/server/providers/types";
import { planDeliveriesForAlerts } from "../delivery/plan";
import { recordObservedEventsIn } from "../events";
import { dropMutedDecisions } from "../watch-mutes";
import { describeAlert } from "./describe-alert";

export interface ObservedBatch {
  provider: ProviderId;
  events: Event[];
  /** Provider ids of events that vanished from a query's results and were confirmed gone. */
  goneIds?: string[];
  /** First sight of these events precedes anyone watching them: store, do not announce. */
  isBaseline: boolean;
  clocks: { now: Date; sourceNow: Date };
}

/**
 * The heart of a poll, inside one transaction: store what was seen, diff it against what we had, match the
 * changes against the watches and insert alerts under their idempotency keys. A worker that dies before the
 * commit leaves nothing behind, so the next poll finds the same changes and makes the same alerts, once.
 */
export type WatchContext = {
  index: WatchIndex;
  byId: Map<string, WatchRow>;
  timeZoneOf: (userId: string) => string;
  /**
   * Watches whose queries have not completed a baseline poll yet. The first sight of an event is no news to
   * them — it may have been on sale all along, merely unseen until now — so they get only changes to events
   * already stored (watch-context.ts).
   */
  unbaselinedIds?: ReadonlySet<string>;
};

/**
 * Changes are matched against every watch, not only the polling query's: the stored state is shared per
 * event, so the first query (or sweep) to see a change consumes it for all. The context loads only when needed.
 */
export async function processObservedEvents(tx: DbOrTx, batch: ObservedBatch, loadWatches: () => Promise<WatchContext>) {
  const { clocks } = batch;
  const recorded = await recordObservedEventsIn(tx, batch.events, clocks);
  const changes: EventChange[] = [];
  const firstSeen = new Set<string>();
  for (const event of recorded.events) {
    const key = `${event.provider}:${event.id}`;
    const previous = recorded.previous.get(key) ?? null;
    if (previous === null) firstSeen.add(event.id);
    const lastCheckedAt = recorded.lastSourceAt.get(key) ?? null;
    for (const change of diffEvent(previous, event, { now: clocks.sourceNow, lastCheckedAt, isBaseline: batch.isBaseline })) changes.push({ change, event });
  }
  const gone = batch.goneIds?.length ? await findEventsByProviderIds(tx, { provider: batch.provider, ids: batch.goneIds }) : [];
  for (const row of gone) {
    for (const change of diffEvent(row.data, null, { now: clocks.sourceNow, lastCheckedAt: row.lastSourceAt })) changes.push({ change, event: row.data });
  }
  await markEventsGone(tx, { provider: batch.provider, ids: gone.map((row) => row.providerEventId), now: clocks.now });
  if (changes.length === 0) return { changes: 0, alerts: [] };
  const watches = await loadWatches();

  const eventIds = [...new Set(changes.map((item) => item.event.id))];
  const past = await listPastAlerts(tx, { watchIds: [...watches.byId.keys()], provider: batch.provider, eventIds });
  const history = createAlertHistory(past.map((row): PastAlert => ({ ...row, provider: row.provider as ProviderId, stage: row.stage as PastAlert["stage"], decidedAt: row.decidedAt.toISOString() })));
  const unbaselined = watches.unbaselinedIds;
  const decisions = matchChanges({ changes, index: watches.index, history, now: clocks.sourceNow }).filter(
    (decision) => !(unbaselined?.has(decision.watchId) && firstSeen.has(decision.eventId)),
  );
  const rowIds = new Map([...recorded.rowIds, ...gone.map((row) => [row.providerEventId, row.id] as const)]);
  const created = await storeDecisions(tx, decisions, rowIds, watches);
  await planDeliveriesForAlerts(tx, created, clocks.now);
  return { changes: changes.length, alerts: created };
}

/** Inserts decisions as alerts; duplicates (same idempotency key) are skipped by the unique index. */
export async function storeDecisions(tx: DbOrTx, decisions: AlertDecision[], rowIds: Map<string, string>, watches: { byId: Map<string, WatchRow>; timeZoneOf: (userId: string) => string }) {
  // A fan's "I bought it" or snooze for the event on that watch wins over the matcher.
  const rows = (await dropMutedDecisions(tx, decisions, rowIds)).flatMap((decision) => {
    const watch = watches.byId.get(decision.watchId);
    const eventRowId = rowIds.get(decision.eventId);
    if (!watch || !eventRowId) return [];
    const { title, body } = describeAlert(decision, watches.timeZoneOf(watch.userId));
    return [
      {
        userId: watch.userId,
        watchId: watch.id,
        eventId: eventRowId,
        kind: decision.kind,
        stage: decision.stage,
        bucket: decision.bucket,
        provider: decision.provider,
        providerEventId: decision.eventId,
        priceMinor: decision.priceMinor,
        currency: decision.currency,
        origin: decision.origin,
        decidedAt: new Date(decision.decidedAt),
        idempotencyKey: decision.idempotencyKey,
        title,
        body,
        url: decision.event.url,
        payload: { change: decision.change, watchName: watch.name } as Record<string, unknown>,
        uncheckedCriteria: decision.uncheckedCriteria,
      },
    ];
  });
  return insertAlerts(tx, rows);
}
