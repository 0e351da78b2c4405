/**
 * Top Picks responses for the partner fake (providers.md 2.2 [TM-TOPPICKS-2018, TM-TOPPICKS-LIVE]):
 * seat blocks of the requested quantity per row, best first, with `_embedded.offer[]` for the offers
 * the page's picks reference, paged from 1.
 */
import type { PartnerEvent, PartnerRow, PartnerSection } from "./world";

/** "default=100 … backend restricted to return only 100 elements" (providers.md 2.2 [TM-TOPPICKS-LIVE]). */
export const maxTopPicksLimit = 100;
/** Default `quantity` (providers.md 2.2 [TM-TOPPICKS-2018]). */
const defaultQuantity = 2;

export interface TopPicksQuery {
  quantity: number;
  sections: string[] | null;
  prices: { min: number; max: number } | null;
  limit: number;
  page: number;
  selection: "any" | "standard" | "resale";
}

export function readTopPicksQuery(params: URLSearchParams): TopPicksQuery {
  const positive = (raw: string | null, fallback: number) => {
    const value = Number(raw);
    return raw !== null && Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const sections = params.get("sections");
  const prices = params.get("prices")?.split(",").map(Number);
  const selection = (params.get("selection") ?? "Any").toLowerCase();
  return {
    quantity: positive(params.get("quantity"), defaultQuantity),
    sections: sections ? sections.split(",").map((value) => value.trim()).filter(Boolean) : null,
    prices: prices && prices.length === 2 && prices.every(Number.isFinite) ? { min: prices[0]!, max: prices[1]! } : null,
    limit: Math.min(positive(params.get("limit"), maxTopPicksLimit), maxTopPicksLimit),
    page: positive(params.get("page"), 1),
    selection: selection === "standard" || selection === "resale" ? selection : "any",
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function offerIdOf(eventId: string, sectionIndex: number, rowIndex: number, row: PartnerRow): string {
  // Offers change identity when the price changes, as a new price level would.
  return `${eventId}-o${sectionIndex}-${rowIndex}-${Math.round(row.faceValue * 100)}`;
}

function renderOffer(event: PartnerEvent, offerId: string, section: PartnerSection, row: PartnerRow): Record<string, unknown> {
  const facility = round2(row.fees * 0.3);
  const service = round2(row.fees - facility);
  const isResale = row.selection === "resale";
  return {
    offerId,
    name: isResale ? "Resale Ticket" : "Standard Admission",
    ticketTypeId: isResale ? "000000000021" : "000000000001",
    priceLevelId: String(Math.abs(hashString(section.name)) % 20 + 1),
    description: isResale ? "Verified Resale Ticket" : "Standard Admission",
    currency: event.currency,
    faceValue: row.faceValue,
    // `totalPrice` may exclude order-processing fees (providers.md 2.2); the fake adds only per-ticket fees.
    totalPrice: round2(row.faceValue + row.fees),
    charges: [
      { reason: "facility", type: "fee", amount: facility },
      { reason: "service", type: "fee", amount: service },
    ],
  };
}

function hashString(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash;
}

interface Pick {
  quality: number;
  body: Record<string, unknown>;
  offerId: string;
  offer: Record<string, unknown>;
}

function buildPicks(event: PartnerEvent, query: TopPicksQuery): Pick[] {
  const picks: Pick[] = [];
  const rowCount = event.sections.reduce((sum, section) => sum + section.rows.length, 0) || 1;
  let rank = 0;
  event.sections.forEach((section, sectionIndex) => {
    section.rows.forEach((row, rowIndex) => {
      rank += 1;
      const selection = row.selection ?? "standard";
      if (query.selection !== "any" && query.selection !== selection) return;
      if (query.sections && !query.sections.includes(section.name)) return;
      const total = round2(row.faceValue + row.fees);
      if (query.prices && (total < query.prices.min || total > query.prices.max)) return;
      const blocks = Math.floor(row.available / query.quantity);
      const offerId = offerIdOf(event.id, sectionIndex, rowIndex, row);
      const quality = round2(1 - (rank - 1) / rowCount);
      for (let block = 0; block < blocks; block += 1) {
        const firstSeat = (row.firstSeat ?? 1) + block * query.quantity;
        const body: Record<string, unknown> = {
          type: section.isGeneralAdmission ? "general-seating" : "seats",
          quality,
          section: section.name,
          selection,
          descriptions: [],
          area: { id: section.areaId ?? `area-${sectionIndex + 1}`, name: section.areaName ?? section.name, description: section.areaName ?? section.name },
          snapshotImageUrl: section.isGeneralAdmission ? null : `https://pubapi.ticketmaster.com/sdk/static/manifest/v1/${event.id}/snapshot/${encodeURIComponent(section.name)}.png`,
          offers: [offerId],
        };
        // Row and seats are withheld during an onsale and meaningless for general admission.
        if (!event.isOnsaleWindow && !section.isGeneralAdmission) {
          body.row = row.name;
          body.seats = Array.from({ length: query.quantity }, (_, index) => String(firstSeat + index));
        }
        picks.push({ quality, body, offerId, offer: renderOffer(event, offerId, section, row) });
      }
    });
  });
  return picks.sort((a, b) => b.quality - a.quality);
}

export function renderTopPicks(event: PartnerEvent, query: TopPicksQuery): Record<string, unknown> {
  const picks = buildPicks(event, query);
  const start = (query.page - 1) * query.limit;
  const pagePicks = picks.slice(start, start + query.limit);
  const offers = new Map<string, Record<string, unknown>>();
  for (const pick of pagePicks) offers.set(pick.offerId, pick.offer);
  return {
    picks: pagePicks.map((pick) => pick.body),
    _embedded: { offer: [...offers.values()] },
    page: { number: query.page, size: query.limit, totalElements: picks.length, totalPages: Math.ceil(picks.length / query.limit) },
  };
}
