/**
 * Vendor schemas of Ticketmaster's partner APIs: Inventory Status (providers.md 2.1 [TM-INV-2018]) and
 * Top Picks (providers.md 2.2 [TM-TOPPICKS-2018]). Unknown enum values degrade to UNKNOWN, and fields
 * the docs say may be withheld (row and seats during an onsale, `priceLevelId` on granular pricing) are
 * optional.
 */
import { z } from "zod";

const inventoryStatus = z.enum(["TICKETS_AVAILABLE", "FEW_TICKETS_LEFT", "TICKETS_NOT_AVAILABLE", "UNKNOWN"]).catch("UNKNOWN");
const resaleStatus = z.enum(["TICKETS_AVAILABLE", "TICKETS_NOT_AVAILABLE", "UNKNOWN"]).catch("UNKNOWN");

export const availabilityEntry = z.object({
  eventId: z.string(),
  status: inventoryStatus,
  /** Added in newer responses (providers.md 2.1). */
  resaleStatus: resaleStatus.optional(),
});
export type AvailabilityEntry = z.infer<typeof availabilityEntry>;

export const availabilityResponse = z.array(z.unknown());

const money = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

export const topPicksOffer = z.object({
  offerId: z.string(),
  name: z.string().nullish(),
  ticketTypeId: z.string().nullish(),
  priceLevelId: z.string().nullish(),
  description: z.string().nullish(),
  currency: z.string().min(3),
  faceValue: money.nullish(),
  /** May exclude order-processing fees (providers.md 2.2 [TM-TOPPICKS-2018]). */
  totalPrice: money.nullish(),
  charges: z.array(z.object({ reason: z.string().nullish(), type: z.string().nullish(), amount: money.nullish() })).nullish(),
});
export type TopPicksOffer = z.infer<typeof topPicksOffer>;

export const topPick = z.object({
  type: z.string().nullish(),
  quality: z.number().nullish(),
  section: z.string().nullish(),
  row: z.string().nullish(),
  seats: z.array(z.union([z.string(), z.number()])).nullish(),
  selection: z.string().nullish(),
  descriptions: z.array(z.string()).nullish(),
  area: z.object({ id: z.union([z.string(), z.number()]).nullish(), name: z.string().nullish(), description: z.string().nullish() }).nullish(),
  snapshotImageUrl: z.string().nullish(),
  offers: z.array(z.string()).nullish(),
});
export type TopPick = z.infer<typeof topPick>;

export const topPicksResponse = z.object({
  page: z
    .object({
      /** Counted from 1 (providers.md 2.2 [TM-TOPPICKS-2018]). */
      number: z.number().int(),
      size: z.number().int().nullish(),
      totalElements: z.number().int().nullish(),
      totalPages: z.number().int().nullish(),
    })
    .nullish(),
  picks: z.array(topPick).nullish(),
  _embedded: z.object({ offer: z.array(topPicksOffer).nullish() }).nullish(),
});
export type TopPicksResponse = z.infer<typeof topPicksResponse>;
