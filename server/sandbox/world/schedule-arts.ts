/**
 * Concerts (fictional artists touring real venues), theatre runs (fictional productions) and a few
 * unclassified odds and ends — the "Undefined"/"Other" events real data is full of.
 */
import { ARTISTS, SHOWS, type ArtistSeed } from "./catalog-attractions";
import { CLASSIFICATIONS } from "./classifications";
import type { EventBase, WorldContext } from "./event-factory";
import type { Fixture } from "./schedule-sports";
import { readCurrency, requireAttraction, requireVenue, type WorldCatalog } from "./world-catalog";
import { addDaysToDate, readWeekday, shiftDate } from "./zoned-time";

const PERFORMANCES_PER_SHOW = 6;

function pickSupport(ctx: WorldContext, artist: ArtistSeed): ArtistSeed | null {
  if (!ctx.random.chance(0.3)) return null;
  const others = ARTISTS.filter((candidate) => candidate.name !== artist.name && candidate.genre === artist.genre);
  return others.length > 0 ? ctx.random.pick(others) : null;
}

export function scheduleConcerts(ctx: WorldContext, catalog: WorldCatalog): Fixture[] {
  const { random } = ctx;
  const fixtures: Fixture[] = [];
  for (const artist of ARTISTS) {
    let date = addDaysToDate(ctx.startMs, random.int(6, 50));
    for (const venueKey of artist.venues) {
      const venue = requireVenue(catalog, venueKey);
      const support = pickSupport(ctx, artist);
      const base: EventBase = {
        name: `${artist.name}: ${artist.tour}`,
        venue,
        attractions: [requireAttraction(catalog, artist.name), ...(support ? [requireAttraction(catalog, support.name)] : [])],
        classification: CLASSIFICATIONS[artist.genre],
        localDate: date,
        localTime: venue.country?.countryCode === "DE" ? "20:00:00" : random.pick(["19:00:00", "19:30:00", "20:00:00"]),
        currency: readCurrency(venue),
        basePrice: random.int(35, 95),
        promoterName: random.pick(["Live Nation", "Aiken Promotions", "MCD Productions", "AEG Presents", "FKP Scorpio"]),
      };
      fixtures.push([base]);
      // Popular stops add a second night, announced with the first.
      if (random.chance(0.25)) fixtures.push([{ ...base, localDate: shiftDate(date, 1) }]);
      date = shiftDate(date, random.int(2, 6));
    }
  }
  return fixtures;
}

export function scheduleTheatre(ctx: WorldContext, catalog: WorldCatalog): Fixture[] {
  const { random } = ctx;
  const fixtures: Fixture[] = [];
  for (const show of SHOWS) {
    const venue = requireVenue(catalog, show.venue);
    const firstDate = addDaysToDate(ctx.startMs, random.int(2, 45));
    const base = {
      name: show.name,
      venue,
      attractions: [requireAttraction(catalog, show.name)],
      classification: CLASSIFICATIONS[show.genre],
      currency: readCurrency(venue),
      basePrice: random.int(25, 80),
      promoterName: random.pick(["Nimax Theatres", "LW Theatres", "Stage Entertainment", "Shubert Organization"]),
    };
    for (let night = 0; night < PERFORMANCES_PER_SHOW; night += 1) {
      const localDate = shiftDate(firstDate, night);
      fixtures.push([{ ...base, localDate, localTime: "19:30:00" }]);
      if (readWeekday(localDate) === 6) fixtures.push([{ ...base, localDate, localTime: "14:30:00" }]);
    }
  }
  return fixtures;
}

interface OddSeed {
  name: string;
  venue: string;
  classification: "undefinedPlaceholder" | "otherPlaceholder";
  time: string;
  price: number;
}

/** Experiences with no performer: no attractions, placeholder classifications. */
const ODDS: OddSeed[] = [
  { name: "Anfield Stadium Tour", venue: "liverpool", classification: "otherPlaceholder", time: "10:00:00", price: 25 },
  { name: "Old Trafford Stadium Tour", venue: "manutd", classification: "otherPlaceholder", time: "11:00:00", price: 30 },
  { name: "Emirates Stadium Tour", venue: "arsenal", classification: "otherPlaceholder", time: "10:30:00", price: 28 },
  { name: "Open Mic Night", venue: "olympia-dublin", classification: "undefinedPlaceholder", time: "20:00:00", price: 12 },
  { name: "Premium Seating Open Day", venue: "msg-theater", classification: "undefinedPlaceholder", time: "12:00:00", price: 0 },
  { name: "Season Ticket Holder Q&A", venue: "spurs", classification: "undefinedPlaceholder", time: "18:30:00", price: 5 },
  { name: "Arena Ice Skating Session", venue: "lanxess", classification: "otherPlaceholder", time: "16:00:00", price: 14 },
  { name: "Backstage Tour", venue: "drury-lane", classification: "otherPlaceholder", time: "10:00:00", price: 20 },
  { name: "Food Truck Festival", venue: "red-rocks", classification: "undefinedPlaceholder", time: "12:00:00", price: 10 },
  { name: "Gift Voucher", venue: "3arena", classification: "undefinedPlaceholder", time: "09:00:00", price: 50 },
];

export function scheduleOdds(ctx: WorldContext, catalog: WorldCatalog): Fixture[] {
  return ODDS.map((odd) => {
    const venue = requireVenue(catalog, odd.venue);
    return [{
      name: odd.name,
      venue,
      attractions: [],
      classification: CLASSIFICATIONS[odd.classification],
      localDate: addDaysToDate(ctx.startMs, ctx.random.int(3, 60)),
      localTime: odd.time,
      currency: readCurrency(venue),
      basePrice: odd.price,
      promoterName: "Venue Events",
    }];
  });
}
