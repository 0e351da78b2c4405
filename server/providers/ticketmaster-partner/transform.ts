/**
 * Partner vendor records → our types. Pure: Inventory Status enums → `Availability`, and Top Picks
 * picks → `SectionOffer[]` grouped by section, row and price.
 */
import { toMinorUnits } from "@/server/lib/money";
import type { Availability, SectionOffer } from "../types";
import type { AvailabilityEntry, TopPicksOffer, TopPicksResponse } from "./schemas";

/**
 * Primary status only: resale availability is a different product at different prices, and our
 * `Availability` has no resale flavour, so a sold-out primary stays "not-available".
 */
export function mapInventoryStatus(entry: Pick<AvailabilityEntry, "status">): Availability {
  switch (entry.status) {
    case "TICKETS_AVAILABLE":
      return "available";
    case "FEW_TICKETS_LEFT":
      return "few-left";
    case "TICKETS_NOT_AVAILABLE":
      return "not-available";
    default:
      return "unknown";
  }
}

function toMinor(amount: number | null | undefined, currency: string): number | null {
  return typeof amount === "number" && Number.isFinite(amount) && amount >= 0 ? toMinorUnits(amount, currency) : null;
}

/**
 * Groups the picks of one or more Top Picks pages into section offers. `count` adds up the seats of
 * every pick in the group (or `quantity` per pick when seats are withheld during an onsale), so it is
 * a lower bound of what is left there: Top Picks returns recommendations, not the whole inventory.
 * Price is `totalPrice` per ticket (face value plus per-ticket fees), falling back to face value.
 */
export function transformTopPicks(pages: TopPicksResponse[], quantity: number): SectionOffer[] {
  const offers = new Map<string, TopPicksOffer>();
  for (const page of pages) for (const offer of page._embedded?.offer ?? []) offers.set(offer.offerId, offer);
  const groups = new Map<string, SectionOffer>();
  for (const page of pages) {
    for (const pick of page.picks ?? []) {
      const offer = (pick.offers ?? []).map((id) => offers.get(id)).find((candidate) => candidate !== undefined);
      if (!offer) continue;
      const faceValueMinor = toMinor(offer.faceValue, offer.currency);
      const priceMinor = toMinor(offer.totalPrice, offer.currency) ?? faceValueMinor;
      if (priceMinor === null) continue;
      const section = pick.section ?? pick.area?.name ?? "GA";
      const row = pick.row ?? null;
      const seats = pick.seats?.length ? pick.seats.length : quantity;
      const key = JSON.stringify([section, row, priceMinor, offer.currency]);
      const group = groups.get(key);
      if (group) group.count += seats;
      else groups.set(key, { section, row, priceMinor, faceValueMinor, currency: offer.currency, count: seats });
    }
  }
  return [...groups.values()].sort(
    (a, b) => a.priceMinor - b.priceMinor || a.section.localeCompare(b.section, "en", { numeric: true }) || (a.row ?? "").localeCompare(b.row ?? "", "en", { numeric: true }),
  );
}
