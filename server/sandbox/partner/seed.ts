/**
 * Seat inventory for the partner fake. `generatePartnerEvent` builds plausible inventory for any
 * Ticketmaster event id (deterministic per id), so the sandbox can cover whatever events its Discovery
 * world holds; `createDefaultPartnerWorld` is a small stand-alone world with a scripted timeline.
 */
import type { PartnerEvent, PartnerRow, PartnerSection, PartnerTimelineEntry, PartnerWorld } from "./world";

function hashString(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/** Deterministic 0..1 per (id, salt). */
function unit(id: string, salt: string): number {
  return (hashString(`${id}:${salt}`) % 10_000) / 10_000;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function buildRow(id: string, section: string, name: string, basePrice: number, selection: "standard" | "resale" = "standard"): PartnerRow {
  const key = `${section}/${name}/${selection}`;
  const faceValue = round2(basePrice * (0.85 + unit(id, `${key}:price`) * 0.3));
  return {
    name,
    available: Math.floor(unit(id, `${key}:count`) * 13),
    firstSeat: 1 + Math.floor(unit(id, `${key}:seat`) * 10),
    faceValue,
    // Ticketmaster-style fees run around 15–20% of face value.
    fees: round2(faceValue * 0.17),
    selection,
  };
}

function buildSection(id: string, name: string, rows: string[], basePrice: number, areaName: string): PartnerSection {
  return { name, areaId: `area-${areaName.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, areaName, rows: rows.map((row) => buildRow(id, name, row, basePrice)) };
}

export interface GeneratePartnerEventOptions {
  countryCode?: string;
  currency?: string;
  /** Scales every price (e.g. 2 for a premium event). */
  priceFactor?: number;
}

/** Plausible inventory for any event id: a GA floor, a lower and an upper bowl, and some resale. */
export function generatePartnerEvent(id: string, options: GeneratePartnerEventOptions = {}): PartnerEvent {
  const factor = options.priceFactor ?? 1;
  const lower = ["101", "102", "103", "104"].map((name) => buildSection(id, name, ["A", "B", "C"], 120 * factor, "Lower Level"));
  const upper = ["201", "202", "203"].map((name) => buildSection(id, name, ["1", "2", "3"], 55 * factor, "Upper Level"));
  const floor: PartnerSection = {
    name: "GA",
    areaId: "area-floor",
    areaName: "Floor",
    isGeneralAdmission: true,
    rows: [{ ...buildRow(id, "GA", "GA", 180 * factor), available: 10 + Math.floor(unit(id, "ga") * 30) }],
  };
  const resale = lower[0]!.rows[0]!;
  lower[0]!.rows.push({ ...buildRow(id, "101", "A", 260 * factor, "resale"), firstSeat: (resale.firstSeat ?? 1) + 20 });
  return { id, countryCode: options.countryCode ?? "US", currency: options.currency ?? "USD", sections: [floor, ...lower, ...upper] };
}

/** Inventory for a list of Discovery events (ids and venue countries), e.g. the sandbox's own world. */
export function createPartnerWorldFor(events: { id: string; countryCode?: string | null; currency?: string | null }[], timeline: PartnerTimelineEntry[] = []): PartnerWorld {
  const currencyByCountry: Record<string, string> = { US: "USD", CA: "CAD", MX: "MXN", GB: "GBP", IE: "EUR", AU: "AUD", NZ: "NZD", FR: "EUR", IT: "EUR", TR: "TRY" };
  return {
    events: events.map(({ id, countryCode, currency }) => {
      const country = (countryCode ?? "US").toUpperCase();
      return generatePartnerEvent(id, { countryCode: country, currency: currency ?? currencyByCountry[country] ?? "USD" });
    }),
    timeline,
  };
}

/** Ids shaped like Discovery ids (providers.md 1.8: 13–21 chars, `vv`/`Z7` prefixes). */
export const defaultPartnerEventIds = {
  knicksGame: "vvG1zZ9KnIcKs01",
  lakersGame: "vvG1zZ9LaKeRs02",
  arenaConcert: "Z7r9jZ1AdCnCrT3",
  torontoGame: "vvG1zZ9ToRoNt04",
  londonConcert: "G5vYZ9LoNdOn05",
  dublinConcert: "G5vYZ9DuBlIn06",
  parisConcert: "Z698xZ2PaRiS07",
  soldOutShow: "vvG1zZ9SoLdOu08",
  onsaleNow: "vvG1zZ9OnSaLe09",
} as const;

/** A small world with every shape clients meet, and a timeline that opens, reprices and sells out seats. */
export function createDefaultPartnerWorld(base: Date = new Date()): PartnerWorld {
  const ids = defaultPartnerEventIds;
  const at = (hours: number) => new Date(base.getTime() + hours * 3_600_000).toISOString();
  const world = createPartnerWorldFor([
    { id: ids.knicksGame, countryCode: "US" },
    { id: ids.lakersGame, countryCode: "US" },
    { id: ids.arenaConcert, countryCode: "US" },
    { id: ids.torontoGame, countryCode: "CA" },
    { id: ids.londonConcert, countryCode: "GB" },
    { id: ids.dublinConcert, countryCode: "IE" },
    { id: ids.parisConcert, countryCode: "FR" },
    { id: ids.soldOutShow, countryCode: "US" },
    { id: ids.onsaleNow, countryCode: "US" },
  ]);
  for (const event of world.events) {
    if (event.id === ids.soldOutShow) for (const section of event.sections) for (const row of section.rows) row.available = 0;
    if (event.id === ids.onsaleNow) event.isOnsaleWindow = true;
  }
  world.timeline = [
    { at: at(1), kind: "set-row", eventId: ids.soldOutShow, section: "101", row: "A", available: 4, faceValue: 149, fees: 25.33 },
    { at: at(2), kind: "set-row", eventId: ids.knicksGame, section: "201", row: "1", faceValue: 39, fees: 6.63 },
    { at: at(3), kind: "sell-out", eventId: ids.lakersGame },
    { at: at(4), kind: "set-row", eventId: ids.arenaConcert, section: "301", row: "1", available: 12, faceValue: 35, fees: 5.95 },
    { at: at(5), kind: "patch-event", eventId: ids.onsaleNow, patch: { isOnsaleWindow: false } },
  ];
  return world;
}
