/**
 * Wall-time ↔ instant conversion for the SeatGeek fake, which stores venue-local times and must derive
 * `datetime_utc` the way SeatGeek does (the zone arithmetic itself lives in server/lib/zoned-time.ts).
 */

import { convertLocalToUtc } from "../world/zoned-time";

/** `YYYY-MM-DDTHH:mm:ss` wall time in `timeZone` → UTC instant. */
export function convertLocalToInstant(local: string, timeZone: string): Date {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d(?::\d\d)?)$/.exec(local);
  if (!match || Number.isNaN(Date.parse(`${local}Z`))) throw new Error(`invalid local time: ${local}`);
  return new Date(convertLocalToUtc(match[1]!, match[2]!, timeZone));
}

/** An instant in SeatGeek's format: UTC without `Z` or milliseconds (providers.md 3.3 [SG-REAL-2020]). */
export function formatSeatGeekUtc(instant: Date): string {
  return instant.toISOString().slice(0, 19);
}

/**
 * Parse a SeatGeek query date (`2018-08-26`, `2018-08-26T10:00:00`, with or without `Z`) as UTC ms;
 * the API accepts bare dates in its range filters (providers.md 3.2 [SG-#58, SG-#112]).
 */
export function parseSeatGeekQueryDate(value: string): number | null {
  const trimmed = value.trim();
  const withTime = /^\d{4}-\d\d-\d\d$/.test(trimmed) ? `${trimmed}T00:00:00` : trimmed;
  const normalized = /(Z|[+-]\d\d:?\d\d)$/.test(withTime) ? withTime : `${withTime}Z`;
  const parsed = Date.parse(normalized);
  return Number.isNaN(parsed) ? null : parsed;
}
