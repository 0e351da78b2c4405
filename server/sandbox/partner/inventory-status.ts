/**
 * Inventory Status semantics for the partner fake (providers.md 2.1): one status per requested id,
 * UNKNOWN for unknown ids and for FR/IT/TR events, and the UK/IE region split.
 */
import type { InventoryStatus, PartnerEvent, ResaleStatus } from "./world";

/** Countries that always answer UNKNOWN, primary and resale (providers.md 2.1 [TM-INV-LIVE]). */
const alwaysUnknownCountries = new Set(["FR", "IT", "TR"]);
/** Countries served only with `region=UK` (providers.md 2.1 [TM-INV-LIVE]). */
const ukRegionCountries = new Set(["GB", "UK", "IE"]);

/** Up to 1000 ids per call (providers.md 2.1 [TM-INV-2018]). */
export const maxInventoryStatusIds = 1000;

export interface AvailabilityEntry {
  eventId: string;
  status: InventoryStatus;
  resaleStatus: ResaleStatus;
}

export function countAvailable(event: PartnerEvent, selection: "standard" | "resale"): number {
  let total = 0;
  for (const section of event.sections) {
    for (const row of section.rows) if ((row.selection ?? "standard") === selection) total += row.available;
  }
  return total;
}

export function isUkRegionEvent(event: PartnerEvent): boolean {
  return ukRegionCountries.has(event.countryCode.toUpperCase());
}

/**
 * ASSUMPTION (undocumented): the default backend does not know UK/IE events, so without `region=UK`
 * they answer UNKNOWN like an unknown id — no error; likewise the UK backend answers UNKNOWN for
 * events outside UK/IE. Clients must therefore split batches by region.
 */
function isServedInRegion(event: PartnerEvent, region: string | null): boolean {
  const isUkRequest = region?.toUpperCase() === "UK";
  return isUkRegionEvent(event) === isUkRequest;
}

export function describeAvailability(
  id: string,
  event: PartnerEvent | undefined,
  region: string | null,
  fewTicketsThreshold: number,
): AvailabilityEntry {
  const unknown: AvailabilityEntry = { eventId: id, status: "UNKNOWN", resaleStatus: "UNKNOWN" };
  if (!event || alwaysUnknownCountries.has(event.countryCode.toUpperCase()) || !isServedInRegion(event, region)) return unknown;
  const primary = countAvailable(event, "standard");
  const resale = countAvailable(event, "resale");
  const derived: InventoryStatus = primary === 0 ? "TICKETS_NOT_AVAILABLE" : primary <= fewTicketsThreshold ? "FEW_TICKETS_LEFT" : "TICKETS_AVAILABLE";
  return {
    eventId: id,
    status: event.status ?? derived,
    resaleStatus: event.resaleStatus ?? (resale > 0 ? "TICKETS_AVAILABLE" : "TICKETS_NOT_AVAILABLE"),
  };
}
