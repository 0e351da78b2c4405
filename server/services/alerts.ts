import { z } from "zod";
import type { Db } from "@/db";
import { countUnreadAlerts, listAlertsForUser, listWatchQueries, markAlertsRead } from "@/db/queries/alerts";
import { findWatch } from "@/db/queries/watches";
import { notFound } from "./errors";

export const listAlertsInput = z.object({
  watchId: z.uuid("Not a watch id").optional(),
  before: z.coerce.date().optional(),
  /** Only alerts created after this instant (API clients polling for what is new). */
  since: z.coerce.date().optional(),
  limit: z.int().min(1).max(100).default(30),
});

export const markReadInput = z.object({ ids: z.array(z.uuid("Not an alert id")).min(1).max(200).optional() });

export async function listAlerts(db: Db, userId: string, input: z.output<typeof listAlertsInput>) {
  if (input.watchId && !(await findWatch(db, { userId, id: input.watchId }))) throw notFound("Watch");
  const rows = await listAlertsForUser(db, { userId, watchId: input.watchId, before: input.before, since: input.since, limit: input.limit });
  return rows.map(({ alert, event }) => ({
    id: alert.id,
    watchId: alert.watchId,
    kind: alert.kind,
    title: alert.title,
    body: alert.body,
    url: alert.url,
    uncheckedCriteria: alert.uncheckedCriteria,
    createdAt: alert.createdAt,
    readAt: alert.readAt,
    event,
  }));
}

export async function getUnreadCount(db: Db, userId: string) {
  return { unread: await countUnreadAlerts(db, { userId }) };
}

export async function markRead(db: Db, userId: string, input: z.output<typeof markReadInput>) {
  return { updated: await markAlertsRead(db, { userId, ids: input.ids, at: new Date() }) };
}

export type WatchHealth = ReturnType<typeof summarizeWatchHealth>;
type WatchQueryRow = Awaited<ReturnType<typeof listWatchQueries>>[number];

/** Last check, next check and why it waits, across the queries that serve a watch. */
export async function getWatchHealth(db: Db, userId: string, watchId: string, now = new Date()) {
  const watch = await findWatch(db, { userId, id: watchId });
  if (!watch) throw notFound("Watch");
  return summarizeWatchHealth(watch, await listWatchQueries(db, { watchId }), now);
}

/** The health of a watch from the provider queries that serve it (the dashboard reads them for all at once). */
export function summarizeWatchHealth(watch: { isPaused: boolean }, queries: WatchQueryRow[], now: Date) {
  const lastCheckedAt = queries.reduce<Date | null>((latest, query) => (query.lastPolledAt && (!latest || query.lastPolledAt > latest) ? query.lastPolledAt : latest), null);
  const nextCheckAt = queries.reduce<Date | null>((soonest, query) => (!soonest || query.nextDueAt < soonest ? query.nextDueAt : soonest), null);
  const errors = queries.filter((query) => query.lastError).map((query) => query.lastError!);
  let status: "paused" | "pending" | "ok" | "waiting-quota" | "failing";
  if (watch.isPaused) status = "paused";
  else if (queries.length === 0 || !lastCheckedAt) status = "pending";
  else if (errors.some((error) => /quota|budget/i.test(error))) status = "waiting-quota";
  else if (queries.some((query) => query.consecutiveFailures > 0)) status = "failing";
  else status = "ok";
  const cadences = queries.map((query) => query.cadenceSeconds).filter((value): value is number => value != null);
  return {
    status,
    lastCheckedAt,
    nextCheckAt: watch.isPaused ? null : nextCheckAt && nextCheckAt < now ? now : nextCheckAt,
    cadenceSeconds: cadences.length ? Math.min(...cadences) : null,
    sharedWith: Math.max(0, Math.max(0, ...queries.map((query) => query.watchCount)) - 1),
    errors,
  };
}
