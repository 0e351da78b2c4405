/**
 * The changes a fan alert exists for, on events already on sale: prices appearing, dropping and vanishing,
 * postponements (to TBA, then a new date), reschedules, cancellations (both spellings), sell-outs and returns
 * to sale, and events that simply disappear.
 */
import { readStartMs } from "../ticketmaster/event-time";
import type { TimelineStep, TmEvent, TmPatch } from "../ticketmaster/types";
import { makeStart, type WorldContext } from "./event-factory";
import { publishPrices } from "./timeline-sales";
import { shiftDate } from "./zoned-time";

const MINUTE = 60_000;
const DAY = 86_400_000;

export type DramaKind =
  | "price-appear"
  | "price-drop"
  | "price-disappear"
  | "postpone-then-reschedule"
  | "postpone"
  | "reschedule"
  | "cancel"
  | "cancel-swagger-spelling"
  | "sell-out-then-return"
  | "vanish";

/** How many of each story the sandbox tells over its timeline. */
export const DRAMA_COUNTS: Record<DramaKind, number> = {
  "price-appear": 15,
  "price-drop": 15,
  "price-disappear": 5,
  "postpone-then-reschedule": 6,
  postpone: 3,
  reschedule: 5,
  cancel: 5,
  /** One story uses the Swagger enum's `canceled`, so clients meet both spellings (providers.md 1.8). */
  "cancel-swagger-spelling": 1,
  "sell-out-then-return": 6,
  vanish: 5,
};

/** Longest story (postpone → reschedule), so its second step still lands before the event. */
const LONGEST_ARC_MS = 6 * DAY;

function hasPrices(event: TmEvent): boolean {
  return (event.priceRanges?.length ?? 0) > 0;
}

export function isEligible(kind: DramaKind, event: TmEvent): boolean {
  if (kind === "price-drop" || kind === "price-disappear") return hasPrices(event);
  if (kind === "price-appear") return !hasPrices(event);
  return true;
}

/** A new start `days` later at the same wall time, in the venue's zone. */
function moveStart(event: TmEvent, days: number): TmPatch<TmEvent> {
  const start = event.dates.start;
  const localDate = shiftDate(start.localDate ?? "", days);
  const timeZone = event._embedded?.venues?.[0]?.timezone ?? event.dates.timezone ?? "UTC";
  const moved = makeStart(localDate, start.localTime ?? "19:30:00", timeZone);
  return { dates: { start: { ...moved, dateTBA: false, timeTBA: false } } };
}

function addStatus(patch: TmPatch<TmEvent>, code: TmEvent["dates"]["status"]["code"]): TmPatch<TmEvent> {
  return { ...patch, dates: { ...(patch.dates ?? {}), status: { code } } };
}

function dropPrices(event: TmEvent, factor: number): TmPatch<TmEvent> {
  return {
    priceRanges: (event.priceRanges ?? []).map((range) => ({ ...range, min: Math.round(range.min * factor * 100) / 100 })),
  };
}

/**
 * The latest timeline position a story may start at for this event, or null when the event is too close,
 * undated, or already off the normal path.
 */
export function readLatestStart(event: TmEvent, ctx: WorldContext, horizon: number): number | null {
  const startMs = readStartMs(event);
  if (startMs === null || !event.dates.start.dateTime || event.dates.status.code !== "onsale") return null;
  const latest = Math.min(horizon - LONGEST_ARC_MS, startMs - ctx.startMs - LONGEST_ARC_MS - DAY);
  return latest > 10 * MINUTE ? latest : null;
}

export function planDrama(kind: DramaKind, event: TmEvent, ctx: WorldContext, latestStart: number): TimelineStep[] {
  const { random } = ctx;
  const at = random.int(10 * MINUTE, latestStart);
  const id = event.id;
  const step = (offset: number, patch: TmPatch<TmEvent>, note: string): TimelineStep => ({ at: at + offset, op: "patch", id, event: patch, note });
  switch (kind) {
    case "price-appear":
      return [step(0, publishPrices(ctx, event), "price range published")];
    case "price-drop":
      return [step(0, dropPrices(event, 0.6 + random.next() * 0.3), "price dropped")];
    case "price-disappear":
      return [step(0, { priceRanges: null }, "price range withdrawn")];
    case "postpone-then-reschedule": {
      // While TBA the event drops out of default searches (includeTBA=no), as real postponed events do.
      const toTba: TmPatch<TmEvent> = { dates: { start: { dateTBA: true, timeTBA: true, localDate: null, localTime: null, dateTime: null } } };
      const later = random.int(DAY, 5 * DAY);
      return [
        step(0, addStatus(toTba, "postponed"), "postponed, date to be announced"),
        step(later, addStatus(moveStart(event, random.int(7, 30)), "rescheduled"), "rescheduled to a new date"),
      ];
    }
    case "postpone":
      return [step(0, addStatus({}, "postponed"), "postponed")];
    case "reschedule":
      return [step(0, addStatus(moveStart(event, random.int(3, 21)), "rescheduled"), "rescheduled")];
    case "cancel":
      return [step(0, addStatus({}, "cancelled"), "cancelled")];
    case "cancel-swagger-spelling":
      return [step(0, addStatus({}, "canceled"), "cancelled")];
    case "sell-out-then-return": {
      const back = random.int(12 * 60 * MINUTE, 4 * DAY);
      const returnPatch = hasPrices(event) ? { ...dropPrices(event, 0.9), dates: { status: { code: "onsale" as const } } } : addStatus({}, "onsale");
      return [step(0, addStatus({}, "offsale"), "sold out"), step(back, returnPatch, "back on sale")];
    }
    case "vanish":
      return [{ at, op: "remove", id, note: "event removed without notice" }];
  }
}
