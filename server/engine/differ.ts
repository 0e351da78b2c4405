/**
 * The differ: two snapshots of one event (and the clock) → typed changes. Pure; the caller passes the
 * previous snapshot, the current one, the time of the previous check and now. Placeholders such as
 * Ticketmaster's 1900 sale dates are already null in our `Event` (server/providers/types.ts).
 */
import type { Event, EventStatus, PriceRange, SectionOffer } from "@/server/providers/types";
import { describeNewSales, diffSales, dueReminders } from "./differ-sales";
import type { Change } from "./types";

export { dueReminders, isOnSaleAt } from "./differ-sales";
export { hasMeaningfulChange, projectEvent } from "./event-projection";

export interface DiffContext {
  now: Date;
  /** When this event was last checked; null on the first check. */
  lastCheckedAt: Date | null;
  /**
   * True on the first poll of a brand-new query: events seen then existed before anyone watched, so they are
   * a baseline (stored, not announced). The fan's first-run choice is served by `matchInitial` instead.
   */
  isBaseline?: boolean;
}

/** Statuses between which a move is only "can I buy now" — handled as on-sale, not a status alert. */
const SALE_STATUSES: ReadonlySet<EventStatus> = new Set(["onsale", "offsale"]);

/** Typed changes of one event between the previous and the current snapshot (null = unseen / gone). */
export function diffEvent(previous: Event | null, current: Event | null, context: DiffContext): Change[] {
  const { now, lastCheckedAt } = context;
  if (current === null) return previous && isGoneNews(previous, now) ? [{ kind: "event-gone" }] : [];
  if (previous === null) {
    if (context.isBaseline) return [];
    const changes: Change[] = [{ kind: "announced" }, ...describeNewSales(current, now)];
    if (current.priceRange) changes.push({ kind: "price-appeared", price: current.priceRange });
    const offers = diffOffers(null, current.sectionOffers);
    if (offers) changes.push(offers);
    changes.push(...dueReminders(current, lastCheckedAt, now));
    return changes;
  }
  const since = lastCheckedAt ?? now;
  const changes: Change[] = [];
  const status = diffStatus(previous, current);
  if (status) changes.push(status);
  changes.push(...diffSales(previous, current, since, now));
  const price = diffPrice(previous.priceRange, current.priceRange);
  if (price) changes.push(price);
  const offers = diffOffers(previous.sectionOffers, current.sectionOffers);
  if (offers) changes.push(offers);
  // Without a last check time there is no interval to have crossed a threshold in; never re-send "current" reminders.
  changes.push(...dueReminders(current, since, now));
  return changes;
}

/** A vanished event is news only while it was still ahead and not already cancelled (past events simply drop out). */
function isGoneNews(previous: Event, now: Date): boolean {
  if (previous.status === "cancelled") return false;
  const start = previous.start.dateTime ? Date.parse(previous.start.dateTime) : null;
  if (start !== null && Number.isFinite(start)) return start > now.getTime();
  // No instant: compare venue-local dates with a day of slack for time zones.
  if (previous.start.localDate) return previous.start.localDate >= new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  return true;
}

/** The start as one comparable label: the UTC instant when known, else the local date and time. */
function describeStart(event: Event): string | null {
  if (event.start.dateTime) return event.start.dateTime;
  if (!event.start.localDate) return null;
  return event.start.localTime ? `${event.start.localDate}T${event.start.localTime}` : event.start.localDate;
}

/** A real move of the date or time; a time merely becoming known on the same date is not one. */
function hasStartMoved(previous: Event, current: Event): boolean {
  const a = previous.start;
  const b = current.start;
  if (a.localDate !== b.localDate) return true;
  const timeA = a.dateTime ?? a.localTime;
  const timeB = b.dateTime ?? b.localTime;
  if (timeA === null || timeB === null) return false;
  return a.dateTime && b.dateTime ? a.dateTime !== b.dateTime : a.localTime !== b.localTime;
}

function diffStatus(previous: Event, current: Event): Change | null {
  const from = describeStart(previous);
  const to = describeStart(current);
  const isMoved = hasStartMoved(previous, current);
  if (previous.status === current.status && !isMoved) return null;
  // offsale → onsale is the on-sale itself (diffSales); the reverse is worth a status alert (sold out / halted).
  if (!isMoved && SALE_STATUSES.has(previous.status) && SALE_STATUSES.has(current.status) && current.status === "onsale") return null;
  return { kind: "status-changed", from: previous.status, to: current.status, start: isMoved ? { from, to } : null };
}

function diffPrice(previous: PriceRange | null, current: PriceRange | null): Change | null {
  if (previous === null && current === null) return null;
  if (previous === null || (current !== null && current.currency !== previous.currency)) return { kind: "price-appeared", price: current! };
  if (current === null) return { kind: "price-changed", from: previous, to: null };
  if (current.minMinor < previous.minMinor) return { kind: "price-dropped", from: previous, to: current };
  if (current.minMinor !== previous.minMinor || current.maxMinor !== previous.maxMinor) return { kind: "price-changed", from: previous, to: current };
  return null;
}

function offerKey(offer: SectionOffer): string {
  return `${offer.section.trim().toLowerCase()}\u0000${(offer.row ?? "").trim().toLowerCase()}`;
}

/** Offers that are new, or offer more seats together than before, in a section/row. */
function diffOffers(previous: SectionOffer[] | null, current: SectionOffer[] | null): Change | null {
  if (!current || current.length === 0) return null;
  const before = new Map<string, number>();
  for (const offer of previous ?? []) before.set(offerKey(offer), Math.max(before.get(offerKey(offer)) ?? 0, offer.count));
  const fresh = current.filter((offer) => offer.count > (before.get(offerKey(offer)) ?? 0));
  if (fresh.length === 0) return null;
  const sections = [...new Set(fresh.map((o) => o.section))].sort();
  return { kind: "sections-available", sections, offers: fresh };
}
