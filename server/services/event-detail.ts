import { z } from "zod";
import type { Db } from "@/db";
import { findEventById, listPriceSnapshots } from "@/db/queries/events";
import { labelPrice } from "@/server/engine";
import { notFound } from "./errors";
import { toEventSummary } from "./events";

export const eventIdInput = z.object({ id: z.uuid("Not an event id") });

/** One event as the event page shows it: what we know, what we cannot know, and prices we observed. */
export async function getEventDetail(db: Db, id: string, capabilities: { hasSectionData: boolean }) {
  const row = await findEventById(db, { id });
  if (!row) throw notFound("Event");
  const history = (await listPriceSnapshots(db, { eventId: id, limit: 500 })).filter((point) => point.currency === row.currency);
  const observed = history.map((point) => point.priceMinMinor!);
  const data = row.data;
  return {
    ...toEventSummary(row),
    presales: data.presales,
    publicSale: data.publicSale,
    ticketLimit: data.ticketLimit,
    seatmapUrl: data.seatmapUrl,
    attractions: data.attractions.map((attraction) => ({ id: attraction.id, name: attraction.name })),
    sectionOffers: data.sectionOffers,
    availability: data.availability,
    goneAt: row.goneAt,
    priceHistory: history.map((point) => ({ at: point.observedAt, minMinor: point.priceMinMinor! })),
    priceLabel: labelPrice(row.priceMinMinor, observed),
    // Said plainly rather than guessed: the public API has no seat-level data.
    unknowns: capabilities.hasSectionData ? [] : ["sections", "seat availability", "quantities"],
  };
}
