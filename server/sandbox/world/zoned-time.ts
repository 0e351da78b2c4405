/**
 * Venue-local wall time ↔ UTC, via Intl (Node ships full ICU). Events are scheduled the way promoters do it —
 * "Saturday 15:00 at the ground" — and Discovery reports both the local and the UTC form.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock parts of instant `ms` in `timeZone`. */
export function readLocalParts(ms: number, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

function offsetAt(ms: number, timeZone: string): number {
  const { date, time } = readLocalParts(ms, timeZone);
  return Date.parse(`${date}T${time}Z`) - ms;
}

/** The UTC instant of wall time `date` `time` in `timeZone` (DST gaps resolve forward). */
export function convertLocalToUtc(date: string, time: string, timeZone: string): number {
  const asUtc = Date.parse(`${date}T${time}Z`);
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
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
