/**
 * The partner fake's world: seat inventory per Ticketmaster event, keyed by the Discovery event id so the
 * partner source can enrich Discovery events, and a timeline of inventory changes (sections open or sell
 * out, prices move) that takes effect as the fake's clock passes it. Pure data and pure functions.
 */

/** Inventory Status primary enum (providers.md 2.1 [TM-INV-2018]). */
export type InventoryStatus = "TICKETS_AVAILABLE" | "FEW_TICKETS_LEFT" | "TICKETS_NOT_AVAILABLE" | "UNKNOWN";
/** Inventory Status resale enum (providers.md 2.1). */
export type ResaleStatus = "TICKETS_AVAILABLE" | "TICKETS_NOT_AVAILABLE" | "UNKNOWN";

export interface PartnerRow {
  name: string;
  /** Seats left in this row. */
  available: number;
  /** Number of the first free seat; seats are numbered consecutively from it. */
  firstSeat?: number;
  /** Face value per ticket in major units (Top Picks sends decimals, providers.md 2.2). */
  faceValue: number;
  /** Fees per ticket in major units; `totalPrice` = face value + fees. */
  fees: number;
  selection?: "standard" | "resale";
}

export interface PartnerSection {
  name: string;
  areaId?: string;
  areaName?: string;
  /** General admission: picks are `general-seating` without a row or seats. */
  isGeneralAdmission?: boolean;
  rows: PartnerRow[];
}

export interface PartnerEvent {
  /** The Ticketmaster Discovery event id; any string is accepted. */
  id: string;
  /** ISO country of the venue: UK/IE need `region=UK`; FR/IT/TR always report UNKNOWN (providers.md 2.1). */
  countryCode: string;
  currency: string;
  /** Overrides the status otherwise derived from the seats left. */
  status?: InventoryStatus;
  resaleStatus?: ResaleStatus;
  /** During an onsale Top Picks omits row and seats (providers.md 2.2 [TM-TOPPICKS-2018]). */
  isOnsaleWindow?: boolean;
  sections: PartnerSection[];
}

export type PartnerTimelineEntry =
  | { at: string; kind: "add-event"; event: PartnerEvent }
  | { at: string; kind: "remove-event"; eventId: string }
  | { at: string; kind: "patch-event"; eventId: string; patch: Partial<Omit<PartnerEvent, "id" | "sections">> }
  | { at: string; kind: "set-row"; eventId: string; section: string; row: string; available?: number; faceValue?: number; fees?: number }
  | { at: string; kind: "sell-out"; eventId: string; section?: string };

export interface PartnerWorld {
  events: PartnerEvent[];
  timeline?: PartnerTimelineEntry[];
}

/** The world at `now`, with every due timeline entry applied in time order. */
export function resolvePartnerWorldAt(world: PartnerWorld, now: Date): Map<string, PartnerEvent> {
  const events = new Map<string, PartnerEvent>();
  for (const event of world.events) events.set(event.id, structuredClone(event));
  const due = (world.timeline ?? [])
    .map((entry, index) => ({ entry, index, at: Date.parse(entry.at) }))
    .filter((item) => item.at <= now.getTime())
    .sort((a, b) => a.at - b.at || a.index - b.index);
  for (const { entry } of due) applyEntry(events, entry);
  return events;
}

function applyEntry(events: Map<string, PartnerEvent>, entry: PartnerTimelineEntry): void {
  if (entry.kind === "add-event") {
    events.set(entry.event.id, structuredClone(entry.event));
    return;
  }
  const event = events.get(entry.eventId);
  if (!event) return;
  switch (entry.kind) {
    case "remove-event":
      events.delete(entry.eventId);
      return;
    case "patch-event":
      Object.assign(event, entry.patch);
      return;
    case "set-row": {
      let section = event.sections.find((candidate) => candidate.name === entry.section);
      if (!section) {
        section = { name: entry.section, rows: [] };
        event.sections.push(section);
      }
      let row = section.rows.find((candidate) => candidate.name === entry.row);
      if (!row) {
        row = { name: entry.row, available: 0, faceValue: entry.faceValue ?? 0, fees: entry.fees ?? 0 };
        section.rows.push(row);
      }
      if (entry.available !== undefined) row.available = entry.available;
      if (entry.faceValue !== undefined) row.faceValue = entry.faceValue;
      if (entry.fees !== undefined) row.fees = entry.fees;
      return;
    }
    case "sell-out":
      for (const section of event.sections) {
        if (entry.section !== undefined && section.name !== entry.section) continue;
        for (const row of section.rows) row.available = 0;
      }
      return;
  }
}
