/**
 * Quiet hours and digest release times on the fan's wall clock. Pure; the clock is an argument.
 */
import { findNextWallClock, findNextWallHour, parseClockTime, toWallTime } from "@/server/lib/zoned-time";

/** Local `"HH:mm"` start and end; a window may cross midnight (22:00–07:00). Equal times mean none. */
export interface QuietHours {
  start: string;
  end: string;
}

export type QuietState = { isQuiet: false } | { isQuiet: true; endsAt: Date };

/** Whether `atMs` falls in the fan's quiet hours, and when they end. */
export function readQuietState(atMs: number, quietHours: QuietHours | null, timeZone: string): QuietState {
  if (!quietHours) return { isQuiet: false };
  const start = parseClockTime(quietHours.start);
  const end = parseClockTime(quietHours.end);
  if (start === end) return { isQuiet: false };
  const wall = toWallTime(atMs, timeZone);
  const minute = wall.hour * 60 + wall.minute;
  const isQuiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  // The window is shorter than a day, so while it lasts the next wall-clock `end` is its end.
  return isQuiet ? { isQuiet: true, endsAt: findNextWallClock(atMs, quietHours.end, timeZone) } : { isQuiet: false };
}

export type DigestFrequency = "hourly" | "daily";

/** When the digest this alert joins goes out: the next local hour, or the next daily time; never inside quiet hours. */
export function findDigestRelease(
  nowMs: number,
  frequency: DigestFrequency,
  dailyAt: string,
  quietHours: QuietHours | null,
  timeZone: string,
): Date {
  const release = frequency === "hourly" ? findNextWallHour(nowMs, timeZone) : findNextWallClock(nowMs, dailyAt, timeZone);
  const quiet = readQuietState(release.getTime(), quietHours, timeZone);
  return quiet.isQuiet ? quiet.endsAt : release;
}
