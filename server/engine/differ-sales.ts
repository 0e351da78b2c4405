/**
 * Sale windows over time: presales and the public on-sale being scheduled, opening, and the reminders before
 * they open. Time matters as much as snapshots here — a presale "opens" when the clock passes its start,
 * even if the provider's data did not change — so every function takes the check interval (last check, now].
 */
import type { Event, EventStatus, Presale, SaleWindow } from "@/server/providers/types";
import type { Change, ReminderThreshold } from "./types";

/** Reminder thresholds before a sale start, tightest last (DESIGN.md "on-sale soon"). */
export const REMINDER_THRESHOLDS: readonly { threshold: ReminderThreshold; ms: number }[] = [
  { threshold: "24h", ms: 24 * 60 * 60 * 1000 },
  { threshold: "1h", ms: 60 * 60 * 1000 },
  { threshold: "10m", ms: 10 * 60 * 1000 },
];

/** Statuses under which a sale start means nothing to a fan (there is nothing to buy). */
const HALTED: ReadonlySet<EventStatus> = new Set(["cancelled", "postponed"]);

function toMs(iso: string | null): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

function isWindowOpenAt(window: SaleWindow, atMs: number): boolean {
  const start = toMs(window.startsAt);
  const end = toMs(window.endsAt);
  return start !== null && start <= atMs && (end === null || end > atMs);
}

/** Whether fans can buy at `at`: status on sale and the public window (when known) open. */
export function isOnSaleAt(event: Event, at: Date): boolean {
  if (event.status !== "onsale") return false;
  const start = toMs(event.publicSale.startsAt);
  const end = toMs(event.publicSale.endsAt);
  return (start === null || start <= at.getTime()) && (end === null || end > at.getTime());
}

/** Reminders whose threshold the clock crossed in (lastCheckedAt, now]; only the tightest per sale, so a late check does not send a flurry. */
export function dueReminders(event: Event, lastCheckedAt: Date | null, now: Date): Change[] {
  if (HALTED.has(event.status)) return [];
  const nowMs = now.getTime();
  const sinceMs = lastCheckedAt ? lastCheckedAt.getTime() : Number.NEGATIVE_INFINITY;
  const sales: { sale: "public" | "presale"; presale: string | null; startsAt: string | null }[] = [
    { sale: "public", presale: null, startsAt: event.publicSale.startsAt },
    ...event.presales.map((p) => ({ sale: "presale" as const, presale: p.name, startsAt: p.startsAt })),
  ];
  const changes: Change[] = [];
  for (const sale of sales) {
    const start = toMs(sale.startsAt);
    if (start === null || start <= nowMs) continue;
    let due: ReminderThreshold | null = null;
    for (const { threshold, ms } of REMINDER_THRESHOLDS) {
      const point = start - ms;
      if (point <= nowMs && point > sinceMs) due = threshold;
    }
    if (due) changes.push({ kind: "sale-reminder", sale: sale.sale, presale: sale.presale, startsAt: sale.startsAt!, threshold: due });
  }
  return changes;
}

/** Sale news of an event seen for the first time: what is scheduled, what is already open. */
export function describeNewSales(event: Event, now: Date): Change[] {
  const changes: Change[] = [];
  const nowMs = now.getTime();
  for (const p of event.presales) {
    const start = toMs(p.startsAt);
    if (start !== null && start > nowMs) changes.push({ kind: "presale-scheduled", presale: p.name, startsAt: p.startsAt!, endsAt: p.endsAt });
    else if (!HALTED.has(event.status) && isWindowOpenAt(p, nowMs)) changes.push({ kind: "presale-open", presale: p.name, startsAt: p.startsAt!, endsAt: p.endsAt });
  }
  const publicStart = toMs(event.publicSale.startsAt);
  if (publicStart !== null && publicStart > nowMs) changes.push({ kind: "sale-scheduled", startsAt: event.publicSale.startsAt!, previousStartsAt: null });
  if (isOnSaleAt(event, now)) changes.push({ kind: "on-sale", startsAt: event.publicSale.startsAt });
  return changes;
}

/**
 * Sale news between two snapshots. `since` is the previous check: a window that opened after it "opened",
 * one already open then did not. `on-sale` is left to the status logic when the event comes back from
 * cancelled/postponed/rescheduled (that is "back on sale", a status change).
 */
export function diffSales(previous: Event, current: Event, since: Date, now: Date): Change[] {
  const changes: Change[] = [];
  const nowMs = now.getTime();
  const sinceMs = since.getTime();
  const before = new Map<string, Presale>(previous.presales.map((p) => [p.name, p]));
  for (const p of current.presales) {
    const old = before.get(p.name);
    const start = toMs(p.startsAt);
    if (start !== null && start > nowMs && (!old || old.startsAt !== p.startsAt)) {
      changes.push({ kind: "presale-scheduled", presale: p.name, startsAt: p.startsAt!, endsAt: p.endsAt });
    }
    const wasOpen = old !== undefined && old.startsAt === p.startsAt && isWindowOpenAt(old, sinceMs);
    if (!HALTED.has(current.status) && isWindowOpenAt(p, nowMs) && !wasOpen) {
      changes.push({ kind: "presale-open", presale: p.name, startsAt: p.startsAt!, endsAt: p.endsAt });
    }
  }
  const publicStart = toMs(current.publicSale.startsAt);
  if (publicStart !== null && publicStart > nowMs && current.publicSale.startsAt !== previous.publicSale.startsAt) {
    changes.push({ kind: "sale-scheduled", startsAt: current.publicSale.startsAt!, previousStartsAt: previous.publicSale.startsAt });
  }
  const isComingBack = previous.status !== current.status && (HALTED.has(previous.status) || previous.status === "rescheduled");
  if (!isComingBack && isOnSaleAt(current, now) && !isOnSaleAt(previous, since)) {
    changes.push({ kind: "on-sale", startsAt: current.publicSale.startsAt });
  }
  return changes;
}
