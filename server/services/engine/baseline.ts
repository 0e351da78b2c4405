import type { Db } from "@/db";
import { listUnbaselinedWatches, markWatchesBaselined } from "@/db/queries/engine";
import { listUpcomingEvents } from "@/db/queries/events";
import { matchInitial } from "@/server/engine";
import { planDeliveriesForAlerts } from "../delivery/plan";
import { storeDecisions } from "./process-events";

/** How many already-matching events a new watch is told about, soonest first. */
export const INITIAL_ALERT_LIMIT = 10;

/**
 * New watches join the engine here: a fan who chose "tell me about events that already match" gets those
 * (up to a limit) as alerts, under the same keys an announcement would use; every new watch is then baselined.
 */
export async function baselineNewWatches(db: Db, clocks: { now: Date; sourceNow: Date }) {
  const fresh = await listUnbaselinedWatches(db);
  if (!fresh.length) return 0;
  const wantsExisting = fresh.filter(({ watch }) => watch.firstRun === "existing" && !watch.isPaused);
  let created = 0;
  await db.transaction(async (tx) => {
    if (wantsExisting.length) {
      const rows = await listUpcomingEvents(tx, { after: new Date(clocks.sourceNow.getTime() - 86_400_000), limit: 5_000 });
      const events = rows.map((row) => row.data);
      const rowIds = new Map(rows.map((row) => [row.providerEventId, row.id]));
      for (const { watch, timeZone } of wantsExisting) {
        const decisions = matchInitial(events, watch, clocks.sourceNow, { limit: INITIAL_ALERT_LIMIT });
        const inserted = await storeDecisions(tx, decisions, rowIds, { byId: new Map([[watch.id, watch]]), timeZoneOf: () => timeZone });
        await planDeliveriesForAlerts(tx, inserted, clocks.now);
        created += inserted.length;
      }
    }
    await markWatchesBaselined(tx, { ids: fresh.map(({ watch }) => watch.id), at: clocks.now });
  });
  return created;
}
