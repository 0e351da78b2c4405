import type { Db, DbOrTx } from "@/db";
import { claimWatchBaselines, listWatchesReadyToBaseline } from "@/db/queries/engine";
import { findEventsByProviderIds } from "@/db/queries/events";
import { foldCatalog, matchInitial } from "@/server/engine";
import { planDeliveriesForAlerts } from "../delivery/plan";
import { storeDecisions } from "./process-events";

/** How many already-matching events a new watch is told about, soonest first. */
export const INITIAL_ALERT_LIMIT = 10;

type Clocks = { now: Date; sourceNow: Date };

/**
 * New watches join the engine here, once every query that serves them has completed its first poll: only then
 * does the stored catalogue hold what was already there when they were created, so only then may changes be
 * matched against them (before, an event merely seen for the first time would look "announced"). A fan who
 * chose "tell me about events that already match" gets those (up to a limit) as alerts, under the same keys an
 * announcement would use. Runs in the caller's transaction: the poll that completes a baseline calls it, so no
 * change slips between the baseline and the first match; engine.plan calls it for watches that joined queries
 * already polled.
 */
export async function baselineReadyWatches(tx: DbOrTx, clocks: Clocks, scope: { queryId?: string } = {}) {
  const ready = await listWatchesReadyToBaseline(tx, scope);
  if (!ready.length) return 0;
  const claimed = new Set(await claimWatchBaselines(tx, { ids: ready.map(({ watch }) => watch.id), at: clocks.now }));
  const wantsExisting = ready.filter(({ watch }) => claimed.has(watch.id) && watch.firstRun === "existing" && !watch.isPaused);
  if (!wantsExisting.length) return 0;
  // Only what the watches' own queries returned: the catalogue may hold thousands of events none of them covers.
  const rows = await findEventsByProviderIds(tx, { provider: "ticketmaster", ids: [...new Set(wantsExisting.flatMap(({ eventIds }) => eventIds.map(String)))] });
  const byProviderId = new Map(rows.filter((row) => row.goneAt === null).map((row) => [row.providerEventId, row]));
  const rowIds = new Map(rows.map((row) => [row.providerEventId, row.id]));
  let created = 0;
  for (const { watch, timeZone, eventIds } of wantsExisting) {
    const events = eventIds.flatMap((id) => byProviderId.get(String(id))?.data ?? []);
    const decisions = matchInitial(foldCatalog(events), watch, clocks.sourceNow, { limit: INITIAL_ALERT_LIMIT });
    const inserted = await storeDecisions(tx, decisions, rowIds, { byId: new Map([[watch.id, watch]]), timeZoneOf: () => timeZone });
    await planDeliveriesForAlerts(tx, inserted, clocks.now);
    created += inserted.length;
  }
  return created;
}

/** Baselines every watch whose queries have all been polled (engine.plan's pass), in one transaction. */
export function baselineNewWatches(db: Db, clocks: Clocks) {
  return db.transaction((tx) => baselineReadyWatches(tx, clocks));
}
