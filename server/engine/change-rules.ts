/**
 * What each change kind means for one watch: which stage it belongs to, which value bucket it is about, and
 * the kind-specific conditions (price ceiling and drop for price news, section offers for section news).
 */
import { getCurrencyExponent } from "@/server/lib/money";
import type { Event } from "@/server/providers/types";
import { checkOffers, checkPriceRange, filterOffers, hasPriceCondition, type CompiledWatch } from "./watch-criteria";
import type { AlertStage, Change, ChangeKind, UncheckedCriterion, WatchEventHistory } from "./types";

/** The watch stage (db `stages`) each change kind is filed under. */
export const STAGE_OF_KIND: Record<ChangeKind, AlertStage> = {
  announced: "announced",
  "presale-scheduled": "sale-scheduled",
  "sale-scheduled": "sale-scheduled",
  "sale-reminder": "sale-reminder",
  "presale-open": "on-sale",
  "on-sale": "on-sale",
  "price-appeared": "price",
  "price-dropped": "price",
  "price-changed": "price",
  "status-changed": "status",
  "event-gone": "status",
  "sections-available": "sections",
};

/**
 * News about a brand-new event that its "announced" alert already tells (sale dates, price, offers); a watch
 * taking announcements gets one alert for a new event, not five.
 */
export const FOLDED_INTO_ANNOUNCED: ReadonlySet<ChangeKind> = new Set([
  "presale-scheduled",
  "sale-scheduled",
  "presale-open",
  "on-sale",
  "price-appeared",
  "sections-available",
]);

export interface ChangeVerdict {
  bucket: string;
  priceMinor: number | null;
  currency: string | null;
  unchecked: UncheckedCriterion[];
}

/** Minor units per major unit by currency; Intl is slow to ask, and the answer never changes. */
const unitCache = new Map<string, number>();

function readMinorUnit(currency: string): number {
  let unit = unitCache.get(currency);
  if (unit === undefined) {
    let exponent = 2;
    try {
      exponent = getCurrencyExponent(currency);
    } catch {
      // An unknown code still buckets, as if it had cents.
    }
    unit = 10 ** exponent;
    unitCache.set(currency, unit);
  }
  return unit;
}

/** Whole major units: a 50-cent wobble is not a new price (and JPY has no minor unit at all). */
export function bucketPrice(amountMinor: number, currency: string): number {
  const unit = readMinorUnit(currency.toUpperCase());
  return Math.floor(amountMinor / unit) * unit;
}

function priceBucket(amountMinor: number, currency: string): string {
  return `${currency.toUpperCase()}:${bucketPrice(amountMinor, currency)}`;
}

/** Whether a price is a new low against the lowest the watch was told about (a new currency always is). */
function isNewLow(history: WatchEventHistory | undefined, amountMinor: number, currency: string): boolean {
  if (!history || history.lowestPriceMinor === null || history.lowestPriceCurrency?.toUpperCase() !== currency.toUpperCase()) return true;
  return bucketPrice(amountMinor, currency) < bucketPrice(history.lowestPriceMinor, currency);
}

/**
 * The change as this watch sees it, or null when a kind-specific condition fails. Identity criteria (what,
 * where, when) are checked before; this adds price, drop, sections and quantity.
 */
export function evaluateChange(w: CompiledWatch, event: Event, change: Change, history: WatchEventHistory | undefined): ChangeVerdict | null {
  const watch = w.watch;
  switch (change.kind) {
    case "price-appeared":
    case "price-dropped": {
      const price = change.kind === "price-appeared" ? change.price : change.to;
      // Price news needs a price it can compare: unknown (other currency) is silence, never a match.
      if (checkPriceRange(watch, price) !== "pass") return null;
      if (watch.currency && !hasPriceCondition(watch) && price.currency.toUpperCase() !== watch.currency.toUpperCase()) return null;
      if (change.kind === "price-dropped" && watch.priceDropPercent != null) {
        const dropped = ((change.from.minMinor - change.to.minMinor) / change.from.minMinor) * 100;
        if (!(change.from.minMinor > 0 && dropped >= watch.priceDropPercent)) return null;
      }
      const mustBeLow = watch.isNewLowOnly || watch.rearm.mode === "new-low";
      if (mustBeLow && !isNewLow(history, price.minMinor, price.currency)) return null;
      const offers = checkOffers(w, event.sectionOffers);
      if (offers.verdict === "fail") return null;
      return { bucket: priceBucket(price.minMinor, price.currency), priceMinor: price.minMinor, currency: price.currency, unchecked: offers.unchecked };
    }
    case "price-changed":
      // Rises and max-only moves are recorded as changes but are not news a fan asked for.
      return null;
    case "sections-available": {
      const matching = filterOffers(w, change.offers);
      if (matching.length === 0) return null;
      const cheapest = matching.reduce((a, b) => (b.priceMinor < a.priceMinor ? b : a));
      const sections = [...new Set(matching.map((o) => o.section))].sort().join(",");
      return { bucket: sections, priceMinor: cheapest.priceMinor, currency: cheapest.currency, unchecked: [] };
    }
    case "status-changed":
    case "event-gone": {
      const bucket = change.kind === "event-gone" ? "gone" : change.start ? `${change.to}@${change.start.to ?? "tba"}` : change.to;
      // A fan already told about this event hears that it moved or was cancelled, even if the price left their range.
      if (history && history.count > 0) return { bucket, priceMinor: null, currency: null, unchecked: [] };
      return withOfferConditions(w, event, bucket);
    }
    default:
      return withOfferConditions(w, event, describeBucket(change));
  }
}

/** Price, sections and quantity for news that is not itself about them: known failures drop, unknowns are carried. */
function withOfferConditions(w: CompiledWatch, event: Event, bucket: string): ChangeVerdict | null {
  const unchecked: UncheckedCriterion[] = [];
  const price = checkPriceRange(w.watch, event.priceRange);
  if (price === "fail") return null;
  if (price === "unknown") unchecked.push("price");
  const offers = checkOffers(w, event.sectionOffers);
  if (offers.verdict === "fail") return null;
  unchecked.push(...offers.unchecked);
  return { bucket, priceMinor: null, currency: null, unchecked };
}

function describeBucket(change: Change): string {
  switch (change.kind) {
    case "announced":
      return "announced";
    case "presale-scheduled":
    case "presale-open":
      return `presale:${change.presale}@${change.startsAt}`;
    case "sale-scheduled":
      return `public@${change.startsAt}`;
    case "sale-reminder":
      return `${change.sale === "public" ? "public" : `presale:${change.presale}`}@${change.startsAt}:${change.threshold}`;
    case "on-sale":
      return `public@${change.startsAt ?? "open"}`;
    default:
      return change.kind;
  }
}
