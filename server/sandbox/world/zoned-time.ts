/**
 * Venue-local wall time ↔ UTC, via Intl (Node ships full ICU). Events are scheduled the way promoters do it —
 * "Saturday 15:00 at the ground" — and Discovery reports both the local and the UTC form.
 */

import { fromWallTime, toWallTime } from "@/server/lib/zoned-time";

const pad = (value: number) => String(value).padStart(2, "0");

/** The wall-clock parts of instant `ms` in `timeZone`. */
export function readLocalParts(ms: number, timeZone: string): { date: string; time: string } {
  const wall = toWallTime(ms, timeZone);
  return {
    date: `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`,
  };
}

/** The UTC instant of wall time `date` `time` in `timeZone` (DST gaps resolve forward). */
export function convertLocalToUtc(date: string, time: string, timeZone: string): number {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute, second = 0] = time.split(":").map(Number);
  return fromWallTime({ year: year!, month: month!, day: day!, hour: hour!, minute: minute! }, timeZone).getTime() + second * 1000;
}

/** `YYYY-MM-DD` of the UTC day `days` after `ms`. */
export function addDaysToDate(ms: number, days: number): string {
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}

/** Day of week (0 = Sunday) of a `YYYY-MM-DD` date. */
export function readWeekday(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/** The `YYYY-MM-DD` date `days` after `date`. */
export function shiftDate(date: string, days: number): string {
  return addDaysToDate(Date.parse(`${date}T12:00:00Z`), days);
}

/** The first date at least `minDays` after `startMs` that falls on `weekday` (0 = Sunday). */
export function findWeekdayOnOrAfter(startMs: number, minDays: number, weekday: number): string {
  let date = addDaysToDate(startMs, minDays);
  while (readWeekday(date) !== weekday) date = shiftDate(date, 1);
  return date;
}
