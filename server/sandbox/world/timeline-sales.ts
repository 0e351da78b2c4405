/**
 * Sales stories for the timeline: presales get scheduled, open, then the public on-sale follows, often with
 * price ranges published at that moment. Used for base events whose sale is still ahead and for events the
 * timeline announces.
 */
import type { TimelineStep, TmEvent, TmPatch } from "../ticketmaster/types";
import { makePresales } from "./event-sales";
import { makePriceRanges, type ComposedEvent, type WorldContext } from "./event-factory";
import { readCurrency } from "./world-catalog";

const MINUTE = 60_000;
const DAY = 86_400_000;

interface ArcWindow {
  /** Earliest timeline position for a step (after the event exists). */
  notBefore: number;
  horizon: number;
}

function patchStep(at: number, id: string, event: TmPatch<TmEvent>, note: string): TimelineStep {
  return { at: Math.round(at), op: "patch", id, event, note };
}

/** Price-range patch in the event's currency, around its usual level. */
export function publishPrices(ctx: WorldContext, event: TmEvent): TmPatch<TmEvent> {
  const currency = event.priceRanges?.[0]?.currency ?? readCurrency(event._embedded?.venues?.[0]);
  return { priceRanges: makePriceRanges(ctx.random, { currency, basePrice: ctx.random.int(30, 110) }) };
}

/**
 * The steps that take an offsale event to on sale: maybe a presale announced first, then the first window
 * opening (status → onsale), then — if a presale opened first — the public on-sale with prices.
 */
export function planSaleArc(composed: ComposedEvent, ctx: WorldContext, window: ArcWindow): TimelineStep[] {
  const { event, sale } = composed;
  const { random } = ctx;
  const isSaleAhead = composed.traits.phase === "upcoming" || composed.traits.phase === "announced";
  if (!isSaleAhead || event.dates.status.code !== "offsale" || sale.publicStart === null) return [];
  const publicAt = sale.publicStart - ctx.startMs;
  const steps: TimelineStep[] = [];
  let presales = event.sales?.presales ?? [];

  const latestAnnouncement = publicAt - 2 * DAY;
  if (presales.length === 0 && latestAnnouncement > window.notBefore + 10 * MINUTE && random.chance(0.5)) {
    presales = makePresales(random, sale.publicStart, 1);
    const at = random.int(window.notBefore + 10 * MINUTE, latestAnnouncement);
    steps.push(patchStep(at, event.id, { sales: { presales } }, "presale scheduled"));
  }
  const futurePresaleStarts = presales.map((p) => Date.parse(p.startDateTime) - ctx.startMs).filter((at) => at > window.notBefore);
  const firstPresaleAt = futurePresaleStarts.length > 0 ? Math.min(...futurePresaleStarts) : null;
  const hasPrices = (event.priceRanges?.length ?? 0) > 0;

  if (firstPresaleAt !== null && firstPresaleAt < publicAt) {
    steps.push(patchStep(firstPresaleAt, event.id, { dates: { status: { code: "onsale" } } }, "presale opens"));
    if (!hasPrices && random.chance(0.6)) steps.push(patchStep(publicAt, event.id, publishPrices(ctx, event), "public on-sale; prices published"));
  } else {
    const patch: TmPatch<TmEvent> = { dates: { status: { code: "onsale" } } };
    if (!hasPrices && random.chance(0.4)) Object.assign(patch, publishPrices(ctx, event));
    steps.push(patchStep(publicAt, event.id, patch, "public on-sale"));
  }
  return steps.filter((step) => step.at < window.horizon);
}

export interface Announcement {
  at: number;
  composed: ComposedEvent;
}

/** An announcement: the event appears (sales closed), then its sales story unfolds. */
export function planAnnouncement(announcement: Announcement, ctx: WorldContext, horizon: number): TimelineStep[] {
  const { at, composed } = announcement;
  const add: TimelineStep = { at: Math.round(at), op: "add", event: composed.event, note: "event announced" };
  return [add, ...planSaleArc(composed, ctx, { notBefore: at, horizon })];
}
