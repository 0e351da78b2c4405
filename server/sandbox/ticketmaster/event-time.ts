/**
 * Time facts about a vendor event that filters, sorting and the feed share. Missing times are normal in
 * Discovery data (TBA dates, noSpecificTime), so every function has an answer for them.
 */
import type { TmEvent } from "./types";

/** Discovery's only accepted date-parameter format — providers.md 1.3, PROBE-2026 §7. */
export const DISCOVERY_DATE_PATTERN = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** Assumed length of an event without `dates.end`, used to decide when it has passed. */
const ASSUMED_EVENT_MS = 4 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isTba(event: TmEvent): boolean {
  return event.dates.start.dateTBA === true;
}

export function isTbd(event: TmEvent): boolean {
  return event.dates.start.dateTBD === true;
}

/**
 * The instant an event starts, for filtering and sorting: `dateTime`, else midnight UTC of `localDate`
 * (noSpecificTime events), else null (TBA).
 */
export function readStartMs(event: TmEvent): number | null {
  const start = event.dates.start;
  if (start.dateTime) {
    const ms = Date.parse(start.dateTime);
    if (Number.isFinite(ms)) return ms;
  }
  if (start.localDate) {
    const ms = Date.parse(`${start.localDate}T00:00:00Z`);
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

/** Whether the event is over at world time `now`; undated events never are. */
export function isPast(event: TmEvent, now: number): boolean {
  const endText = event.dates.end?.dateTime;
  const endMs = endText ? Date.parse(endText) : Number.NaN;
  if (Number.isFinite(endMs)) return endMs < now;
  const startMs = readStartMs(event);
  if (startMs === null) return false;
  const assumed = event.dates.start.dateTime ? ASSUMED_EVENT_MS : DAY_MS;
  return startMs + assumed < now;
}

/** Parses an ISO instant; null when absent or not a date. */
export function parseInstant(text: string | undefined): number | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** Public sale window in epoch ms; an unknown end is open-ended. 1900 placeholders are kept as they are. */
export function readPublicSale(event: TmEvent): { start: number | null; end: number | null } {
  return {
    start: parseInstant(event.sales?.public?.startDateTime),
    end: parseInstant(event.sales?.public?.endDateTime),
  };
}

/** Formats epoch ms the way Discovery writes instants: no milliseconds, `Z`. */
export function formatDiscoveryInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
