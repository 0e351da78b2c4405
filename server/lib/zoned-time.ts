/**
 * Wall-clock arithmetic in a fan's IANA zone with nothing but Intl: quiet hours and digest times are wall
 * times ("07:00"), and their instants move with daylight saving. A wall time that does not exist (the
 * spring-forward gap) resolves forward by the gap; one that occurs twice (fall-back) resolves to the earlier
 * instant — the same choice as Temporal's "compatible" disambiguation.
 */

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall time (to the minute) an instant shows in `timeZone`. */
export function toWallTime(instantMs: number, timeZone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of getFormatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Offset of `timeZone` from UTC at an instant, in minutes (BST → 60, EST → -300). */
export function getZoneOffsetMinutes(instantMs: number, timeZone: string): number {
  const wall = toWallTime(instantMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const flooredInstant = Math.floor(instantMs / 1000) * 1000;
  return Math.round((asUtc - flooredInstant) / 60_000);
}

function isSameWall(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

const DAY_MS = 86_400_000;

/** The instant a wall time names in `timeZone` (gaps resolve forward, overlaps to the earlier instant). */
export function fromWallTime(wall: WallTime, timeZone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // Offsets a day either side cover any transition near this wall time.
  const before = getZoneOffsetMinutes(naive - DAY_MS, timeZone);
  const after = getZoneOffsetMinutes(naive + DAY_MS, timeZone);
  const candidates = [...new Set([before, after, getZoneOffsetMinutes(naive, timeZone)])]
    .map((offset) => naive - offset * 60_000)
    .filter((instant) => isSameWall(toWallTime(instant, timeZone), wall))
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]!);
  // In the gap: keep the pre-transition offset, which lands the same distance past the jump.
  return new Date(naive - before * 60_000);
}

/** Adds whole calendar days to a wall date (month and year roll over). */
export function addWallDays(wall: WallTime, days: number): WallTime {
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { ...wall, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** `"HH:mm"` → minutes after midnight; throws on a malformed value. */
export function parseClockTime(value: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new RangeError(`expected a time of day as HH:mm, got "${value}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The first instant strictly after `nowMs` whose wall time in `timeZone` is `clockTime` ("HH:mm"). */
export function findNextWallClock(nowMs: number, clockTime: string, timeZone: string): Date {
  const minutes = parseClockTime(clockTime);
  const today = toWallTime(nowMs, timeZone);
  for (let days = 0; days <= 2; days++) {
    const date = addWallDays(today, days);
    const candidate = fromWallTime({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
    if (candidate.getTime() > nowMs) return candidate;
  }
  throw new Error(`no ${clockTime} found in ${timeZone} after ${new Date(nowMs).toISOString()}`);
}

/** The start of the fan's current local day (midnight, or the first instant after it on a DST-at-midnight day). */
export function startOfWallDay(nowMs: number, timeZone: string): Date {
  const today = toWallTime(nowMs, timeZone);
  return fromWallTime({ ...today, hour: 0, minute: 0 }, timeZone);
}

/** The next top of the hour on the fan's wall clock (not UTC's in half-hour zones; repeated hours count twice). */
export function findNextWallHour(nowMs: number, timeZone: string): Date {
  // Every zone offset in use is a multiple of 15 minutes, so a local top of the hour falls on a UTC quarter.
  const quarterMs = 15 * 60_000;
  let candidate = Math.floor(nowMs / quarterMs) * quarterMs + quarterMs;
  for (let step = 0; step < 8; step++, candidate += quarterMs) {
    if (toWallTime(candidate, timeZone).minute === 0) return new Date(candidate);
  }
  throw new Error(`no next hour found in ${timeZone}`);
}
