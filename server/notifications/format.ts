/**
 * Dates, places and money as the fan reads them. Every instant is shown in the fan's zone (they act on it
 * from where they are); an event's start also names the venue's wall time when the zones differ. No
 * relative times ("in 10 minutes"): a retried send must render byte-for-byte the same message, or the
 * vendor's idempotency check would refuse it.
 */
import { formatMoney } from "@/server/lib/money";
import type { EventInfo, PriceInfo } from "./alert-message";
import type { Channel } from "./ports";
import { getZoneOffsetMinutes } from "@/server/lib/zoned-time";

export interface FanLocale {
  timeZone: string;
  locale: string;
}

/** Applied to the raw official URL at render time (affiliate wrapping); identity by default. */
export type WrapOfficialUrl = (rawUrl: string, context: { channel: Channel; alertId: string | null }) => string;

export interface RenderOptions {
  wrapOfficialUrl?: WrapOfficialUrl;
}

function safeLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : "en-GB";
  } catch {
    return "en-GB";
  }
}

/** "Fri 12 Jun 2026, 19:30 BST" in the fan's zone. */
export function formatInstant(iso: string, fan: FanLocale, options: { withYear?: boolean } = {}): string {
  return new Intl.DateTimeFormat(safeLocale(fan.locale), {
    timeZone: fan.timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: options.withYear === false ? undefined : "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(new Date(iso));
}

/** "10:00 GMT": the time of day in the fan's zone, for texts where the day is obvious. */
export function formatTimeOfDay(iso: string, fan: FanLocale): string {
  return new Intl.DateTimeFormat(safeLocale(fan.locale), {
    timeZone: fan.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(new Date(iso));
}

/** "Fri 12 Jun 2026" for a calendar date with no known time. */
export function formatCalendarDate(localDate: string, fan: FanLocale): string {
  return new Intl.DateTimeFormat(safeLocale(fan.locale), {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(`${localDate}T12:00:00Z`));
}

function formatWallClock(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(safeLocale(locale), { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    new Date(iso),
  );
}

/** When the event starts, for the fan; adds the venue's wall time when the venue is in another offset. */
export function formatEventStart(event: EventInfo, fan: FanLocale, options: { withYear?: boolean } = {}): string {
  if (event.startsAt) {
    const forFan = formatInstant(event.startsAt, fan, options);
    const venueZone = event.venueTimeZone;
    if (!venueZone || venueZone === fan.timeZone) return forFan;
    const instant = Date.parse(event.startsAt);
    if (getZoneOffsetMinutes(instant, venueZone) === getZoneOffsetMinutes(instant, fan.timeZone)) return forFan;
    return `${forFan} (${formatWallClock(event.startsAt, venueZone, fan.locale)} at the venue)`;
  }
  if (event.localDate) return `${formatCalendarDate(event.localDate, fan)}, time to be announced`;
  return "Date to be announced";
}

export function formatPlace(event: EventInfo): string {
  const parts = [event.venueName, event.city].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(", ") : "Venue to be announced";
}

/** "£45.00" or "£45.00–£120.00". */
export function formatPriceRange(price: PriceInfo, fan: FanLocale): string {
  const min = formatMoney(price.minMinor, price.currency, safeLocale(fan.locale));
  if (price.maxMinor <= price.minMinor) return min;
  return `${min}–${formatMoney(price.maxMinor, price.currency, safeLocale(fan.locale))}`;
}

export function formatAmount(amountMinor: number, currency: string, fan: FanLocale): string {
  return formatMoney(amountMinor, currency, safeLocale(fan.locale));
}

/** The link every alert leads with: the official page, wrapped for the channel, else the alert page. */
export function resolveOfficialLink(
  officialUrl: string | null,
  fallbackUrl: string,
  context: { channel: Channel; alertId: string | null },
  options: RenderOptions = {},
): { url: string; isOfficial: boolean } {
  if (!officialUrl) return { url: fallbackUrl, isOfficial: false };
  const wrap = options.wrapOfficialUrl;
  return { url: wrap ? wrap(officialUrl, context) : officialUrl, isOfficial: true };
}
