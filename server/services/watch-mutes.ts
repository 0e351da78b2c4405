import { z } from "zod";
import type { Db, DbOrTx } from "@/db";
import { findEventById } from "@/db/queries/events";
import { deleteMute, listMutesForEvents, upsertMute } from "@/db/queries/watch-mutes";
import { findWatch } from "@/db/queries/watches";
import type { WatchEventMuteRow } from "@/db/schema";
import type { AlertDecision } from "@/server/engine";
import { notFound, ServiceError } from "./errors";

const DAY_MS = 86_400_000;
/** A snooze longer than this is "I bought it" or a deleted watch, not a snooze. */
export const MAX_SNOOZE_DAYS = 365;

const pairInput = { watchId: z.uuid("Not a watch id"), eventId: z.uuid("Not an event id") };

export const muteEventInput = z.discriminatedUnion("mode", [
  z.object({ ...pairInput, mode: z.literal("bought") }),
  z.object({
    ...pairInput,
    mode: z.literal("snooze-days"),
    days: z.int("Days must be a whole number").min(1, "Snooze for at least 1 day").max(MAX_SNOOZE_DAYS, `Snooze for at most ${MAX_SNOOZE_DAYS} days`),
  }),
  z.object({ ...pairInput, mode: z.literal("snooze-until"), until: z.coerce.date("Pick the date the snooze ends") }),
]);
export type MuteEventInput = z.input<typeof muteEventInput>;

export const unmuteEventInput = z.object(pairInput);

export type MuteView = { kind: "bought" | "snoozed"; until: Date | null; createdAt: Date };

/** Whether a mute still holds at `at` (the engine's decision clock). */
export function isMuteActive(mute: Pick<WatchEventMuteRow, "kind" | "until">, at: Date) {
  return mute.kind === "bought" || (mute.until !== null && mute.until > at);
}

export function toMuteView(mute: WatchEventMuteRow | undefined, at: Date): MuteView | null {
  return mute && isMuteActive(mute, at) ? { kind: mute.kind, until: mute.until, createdAt: mute.createdAt } : null;
}

/**
 * "I bought it" or a snooze for one event on one of the fan's watches. Snoozes count on the source's clock
 * (`sourceNow`, the sandbox's fast clock there), the one alert decisions are made on.
 */
export async function muteEvent(db: Db, fan: { id: string }, input: z.output<typeof muteEventInput>, sourceNow: Date) {
  let until: Date | null = null;
  if (input.mode === "snooze-days") until = new Date(sourceNow.getTime() + input.days * DAY_MS);
  if (input.mode === "snooze-until") {
    until = input.until;
    if (until <= sourceNow) throw new ServiceError("BAD_REQUEST", "Pick a snooze end in the future", [{ path: ["until"], message: "Pick a snooze end in the future" }]);
    if (until.getTime() - sourceNow.getTime() > MAX_SNOOZE_DAYS * DAY_MS) {
      throw new ServiceError("BAD_REQUEST", `Snooze for at most ${MAX_SNOOZE_DAYS} days`, [{ path: ["until"], message: `Snooze for at most ${MAX_SNOOZE_DAYS} days` }]);
    }
  }
  if (!(await findWatch(db, { userId: fan.id, id: input.watchId }))) throw notFound("Watch");
  if (!(await findEventById(db, { id: input.eventId }))) throw notFound("Event");
  const row = await upsertMute(db, { watchId: input.watchId, eventId: input.eventId, userId: fan.id, kind: input.mode === "bought" ? "bought" : "snoozed", until, createdAt: new Date() });
  return { watchId: row.watchId, eventId: row.eventId, mute: toMuteView(row, sourceNow) };
}

/** Undoes "I bought it" or a snooze; alerts for the event resume with its next change. */
export async function unmuteEvent(db: Db, fan: { id: string }, input: z.output<typeof unmuteEventInput>) {
  if (!(await findWatch(db, { userId: fan.id, id: input.watchId }))) throw notFound("Watch");
  return { watchId: input.watchId, eventId: input.eventId, isRemoved: await deleteMute(db, { userId: fan.id, ...input }) };
}

/**
 * The engine's hook: drops decisions for events a fan muted on that watch, judged at each decision's own
 * time. One indexed read per batch, keyed by the batch's events.
 */
export async function dropMutedDecisions(tx: DbOrTx, decisions: AlertDecision[], rowIds: Map<string, string>) {
  if (!decisions.length) return decisions;
  const eventIds = [...new Set(decisions.map((decision) => rowIds.get(decision.eventId)).filter((id): id is string => id !== undefined))];
  const mutes = await listMutesForEvents(tx, { eventIds });
  if (!mutes.length) return decisions;
  const byPair = new Map(mutes.map((mute) => [`${mute.watchId}|${mute.eventId}`, mute]));
  return decisions.filter((decision) => {
    const mute = byPair.get(`${decision.watchId}|${rowIds.get(decision.eventId)}`);
    return !mute || !isMuteActive(mute, new Date(decision.decidedAt));
  });
}
