import type { Db } from "@/db";
import type { WatchRow } from "@/db/schema";
import { toEventSummary } from "./events";
import { explainMatch, matchStoredEvents } from "./watch-matches";
import { refineWatch, watchFields, type WatchValues } from "./watches/input";
import { toColumns } from "./watches/service";

/**
 * The new-watch form as it stands: the watch's own schema and cross-field rules, so the preview and the create
 * agree on every rule, except that a name may still be missing (it changes nothing a watch matches).
 */
export const watchPreviewInput = watchFields.extend({ name: watchFields.shape.name.default("Preview") }).superRefine(refineWatch);

/** Events the preview lists by name; the count covers them all. */
export const PREVIEW_SHOWN = 5;

/** An unsaved watch as a row, so the first-run matcher and the reasons read it exactly as they will once saved. */
function toUnsavedRow(fan: { id: string }, values: WatchValues, at: Date): WatchRow {
  return { ...toColumns(values), id: "00000000-0000-4000-8000-000000000000", userId: fan.id, isPaused: false, baselinedAt: null, createdAt: at, updatedAt: at, deletedAt: null };
}

/**
 * What a watch would match right now among stored events, before it is saved: how many, and the first few
 * (soonest first) with why. The form asks its first-run question around this count.
 */
export async function previewWatch(db: Db, fan: { id: string }, values: WatchValues, sourceNow: Date) {
  const watch = toUnsavedRow(fan, values, sourceNow);
  const found = await matchStoredEvents(db, [watch], sourceNow);
  return {
    sourceNow,
    count: found.length,
    events: found.slice(0, PREVIEW_SHOWN).map(({ row, uncheckedCriteria }) => ({
      event: toEventSummary(row),
      reasons: explainMatch(watch, row.data),
      uncheckedCriteria: [...uncheckedCriteria],
    })),
  };
}
