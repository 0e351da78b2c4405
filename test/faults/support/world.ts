/**
 * A small scripted Ticketmaster world for the fault tests: `bands` attractions with one event each, and
 * `rounds` of news (round r lands at world time r days): each band's price drops by £1 a round. A watch per
 * band with `priceDropPercent: 1` then gets exactly one alert per round, so the expected alerts of any
 * stretch of rounds can be listed in advance and compared with what the engine stored.
 */
import type { TimelineStep, TmAttraction, TmEvent, World } from "@/server/sandbox/ticketmaster/types";
import { CLASSIFICATIONS } from "@/server/sandbox/world/classifications";
import { FIXTURE_VENUES, makeFixtureEvent } from "@/server/sandbox/world/fixture-parts";

export const DAY = 86_400_000;
const BASE_PRICE = 90;

export interface BandWorld {
  world: World;
  attractions: TmAttraction[];
  /** The price (whole pounds) each band's event has after `round` rounds of news. */
  priceAfter(round: number): number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function buildBandWorld(options: { bands: number; rounds: number; startMs: number; prefix?: string }): BandWorld {
  const prefix = options.prefix ?? "Fault";
  const venue = FIXTURE_VENUES.emirates;
  const attractions: TmAttraction[] = [];
  const events: TmEvent[] = [];
  const timeline: TimelineStep[] = [];
  const priceAfter = (round: number) => BASE_PRICE - round;
  for (let i = 0; i < options.bands; i += 1) {
    const id = `K8vZ9${prefix}${String(i).padStart(3, "0")}`;
    const attraction: TmAttraction = { name: `${prefix} Band ${i}`, type: "attraction", id, test: false, locale: "en-us", classifications: [CLASSIFICATIONS.rock] };
    attractions.push(attraction);
    const start = options.startMs + (60 + (i % 30)) * DAY;
    const event = makeFixtureEvent({
      id: `vvG1${prefix}${String(i).padStart(3, "0")}`,
      name: `${prefix} Band ${i} Live`,
      venue,
      attractions: [attraction],
      local: new Date(start).toISOString().slice(0, 19),
      utc: iso(start),
      publicSale: { startDateTime: iso(options.startMs - 10 * DAY) },
      extra: { priceRanges: [{ type: "standard", currency: "GBP", min: priceAfter(0), max: 300 }] },
    });
    events.push(event);
    for (let round = 1; round <= options.rounds; round += 1) {
      timeline.push({ at: round * DAY, op: "patch", id: event.id, event: { priceRanges: [{ type: "standard", currency: "GBP", min: priceAfter(round), max: 300 }] } });
    }
  }
  return { world: { startAt: new Date(options.startMs).toISOString(), events, attractions, venues: [venue], timeline }, attractions, priceAfter };
}
