/**
 * Wall-time ↔ instant conversion for the SeatGeek fake, which stores venue-local times and must derive
 * `datetime_utc` the way SeatGeek does. Uses Intl only, so no time-zone package is needed.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
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

/** Offset of `timeZone` from UTC at `instantMs`, in ms (negative west of Greenwich). */
function offsetAt(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instantMs))
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** `YYYY-MM-DDTHH:mm:ss` wall time in `timeZone` → UTC instant. */
export function convertLocalToInstant(local: string, timeZone: string): Date {
  const wallAsUtc = Date.parse(`${local}Z`);
  if (Number.isNaN(wallAsUtc)) throw new Error(`invalid local time: ${local}`);
  // Two passes settle the offset across DST transitions.
  const first = wallAsUtc - offsetAt(wallAsUtc, timeZone);
  return new Date(wallAsUtc - offsetAt(first, timeZone));
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
