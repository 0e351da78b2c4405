/**
 * The SeatGeek fake's default world: about 40 NBA, NFL, concert and theatre events in US cities, dated
 * relative to a base instant so the world stays "upcoming" whenever it is built. Deterministic for a
 * given base day. Covers the quirks clients must meet: TBD times and dates, null prices, a rescheduled
 * game, a cancelled (hidden) event, and a timeline that adds, reprices, cancels and removes events.
 */
import type { SgWorld, SgWorldEvent, SgWorldPerformer, SgWorldStats, SgWorldTaxonomy, SgWorldVenue } from "./world";

const taxonomies: SgWorldTaxonomy[] = [
  { id: 1000000, name: "sports", parentId: null },
  { id: 1010000, name: "football", parentId: 1000000 },
  { id: 1010100, name: "nfl", parentId: 1010000 },
  { id: 1030000, name: "basketball", parentId: 1000000 },
  { id: 1030100, name: "nba", parentId: 1030000 },
  { id: 2000000, name: "concert", parentId: null },
  { id: 3000000, name: "theater", parentId: null },
  { id: 3010000, name: "broadway_tickets_national", parentId: 3000000 },
];

function venue(id: number, name: string, city: string, state: string, postalCode: string, timezone: string, lat: number, lon: number, capacity: number): SgWorldVenue {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return { id, name, slug, address: `${id} Main Street`, city, state, postalCode, country: "US", timezone, lat, lon, capacity, score: 0.6 };
}

const venues: SgWorldVenue[] = [
  venue(101, "Madison Square Garden", "New York", "NY", "10001", "America/New_York", 40.7505, -73.9934, 19500),
  venue(102, "Crypto.com Arena", "Los Angeles", "CA", "90015", "America/Los_Angeles", 34.043, -118.2673, 19000),
  venue(103, "United Center", "Chicago", "IL", "60612", "America/Chicago", 41.8807, -87.6742, 20900),
  venue(104, "Chase Center", "San Francisco", "CA", "94158", "America/Los_Angeles", 37.768, -122.3877, 18000),
  venue(105, "TD Garden", "Boston", "MA", "02114", "America/New_York", 42.3662, -71.0621, 19600),
  venue(106, "Ball Arena", "Denver", "CO", "80204", "America/Denver", 39.7487, -105.0077, 19500),
  venue(107, "Footprint Center", "Phoenix", "AZ", "85004", "America/Phoenix", 33.4457, -112.0712, 18000),
  venue(108, "MetLife Stadium", "East Rutherford", "NJ", "07073", "America/New_York", 40.8135, -74.0745, 82500),
  venue(109, "SoFi Stadium", "Inglewood", "CA", "90301", "America/Los_Angeles", 33.9535, -118.3392, 70000),
  venue(110, "Soldier Field", "Chicago", "IL", "60605", "America/Chicago", 41.8623, -87.6167, 61500),
  venue(111, "Hollywood Bowl", "Los Angeles", "CA", "90068", "America/Los_Angeles", 34.1122, -118.3391, 17500),
  venue(112, "Red Rocks Amphitheatre", "Morrison", "CO", "80465", "America/Denver", 39.6654, -105.2057, 9500),
];

function performer(id: number, name: string, shortName: string, type: string, taxonomyIds: number[]): SgWorldPerformer {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return { id, name, shortName, slug, type, taxonomyIds, score: 0.7 };
}

const nba = (id: number, name: string, shortName: string) => performer(id, name, shortName, "nba", [1030100]);
const nfl = (id: number, name: string, shortName: string) => performer(id, name, shortName, "nfl", [1010100]);
const band = (id: number, name: string) => performer(id, name, name, "band", [2000000]);

const performers: SgWorldPerformer[] = [
  nba(1001, "New York Knicks", "Knicks"),
  nba(1002, "Los Angeles Lakers", "Lakers"),
  nba(1003, "Chicago Bulls", "Bulls"),
  nba(1004, "Golden State Warriors", "Warriors"),
  nba(1005, "Boston Celtics", "Celtics"),
  nba(1006, "Denver Nuggets", "Nuggets"),
  nba(1007, "Phoenix Suns", "Suns"),
  nfl(1101, "New York Giants", "Giants"),
  nfl(1102, "Los Angeles Rams", "Rams"),
  nfl(1103, "Chicago Bears", "Bears"),
  nfl(1104, "Dallas Cowboys", "Cowboys"),
  nfl(1105, "Green Bay Packers", "Packers"),
  band(1201, "The Midnight Arcade"),
  band(1202, "Luna Vega"),
  band(1203, "Copper Coast"),
  band(1204, "Neon Harbor"),
  band(1205, "Static Bloom"),
  { ...performer(1301, "The Lantern Keepers", "Lantern Keepers", "broadway_tickets_national", [3010000]), image: null },
];

/** Deterministic 0..1 from an integer, so prices look varied without randomness. */
function hashUnit(seed: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

function statsFor(id: number, base: number): SgWorldStats {
  const lowest = Math.round(base * (0.6 + hashUnit(id)));
  const listings = 20 + Math.round(hashUnit(id + 7) * 900);
  return {
    listingCount: listings,
    lowestPrice: lowest,
    highestPrice: lowest * 12,
    averagePrice: Math.round(lowest * 2.4),
    medianPrice: Math.round(lowest * 2),
  };
}

const noListings: SgWorldStats = { listingCount: 0, lowestPrice: null, highestPrice: null, averagePrice: null, medianPrice: null };

function dayString(base: Date, dayOffset: number): string {
  return new Date(base.getTime() + dayOffset * 86_400_000).toISOString().slice(0, 10);
}

interface Fixture {
  id: number;
  title: string;
  day: number;
  time: string;
  venueId: number;
  performerIds: number[];
  taxonomyId: number;
  basePrice: number;
  extra?: Partial<SgWorldEvent>;
}

const games: [number, number, number][] = [
  // [home, away, venue]
  [1001, 1005, 101], [1002, 1004, 102], [1003, 1006, 103], [1004, 1007, 104], [1005, 1001, 105],
  [1006, 1002, 106], [1007, 1003, 107], [1001, 1002, 101], [1002, 1001, 102], [1003, 1005, 103],
  [1004, 1002, 104], [1005, 1003, 105], [1006, 1004, 106], [1007, 1001, 107], [1001, 1006, 101],
  [1002, 1007, 102], [1003, 1004, 103], [1004, 1005, 104],
];

const footballGames: [number, number, number][] = [
  [1101, 1104, 108], [1102, 1105, 109], [1103, 1105, 110], [1101, 1102, 108],
  [1102, 1103, 109], [1103, 1104, 110], [1101, 1105, 108], [1102, 1101, 109],
];

const concerts: [number, number, string][] = [
  // [performer, venue, suffix]
  [1201, 101, ""], [1201, 102, ""], [1202, 111, ""], [1202, 112, ""], [1203, 103, ""], [1203, 104, ""],
  [1204, 112, ""], [1204, 105, ""], [1205, 111, " with Neon Harbor"], [1205, 106, ""], [1202, 101, ""],
];

function buildFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  const name = (id: number) => performers.find((p) => p.id === id)?.name ?? String(id);
  games.forEach(([home, away, venueId], index) => {
    fixtures.push({ id: 6000001 + index, title: `${name(away)} at ${name(home)}`, day: 2 + index * 3, time: "19:30:00", venueId, performerIds: [home, away], taxonomyId: 1030100, basePrice: 80 });
  });
  footballGames.forEach(([home, away, venueId], index) => {
    fixtures.push({ id: 6100001 + index, title: `${name(away)} at ${name(home)}`, day: 5 + index * 7, time: index % 2 === 0 ? "13:00:00" : "20:20:00", venueId, performerIds: [home, away], taxonomyId: 1010100, basePrice: 120 });
  });
  concerts.forEach(([performerId, venueId, suffix], index) => {
    const performerIds = suffix ? [performerId, 1204] : [performerId];
    fixtures.push({ id: 6200001 + index, title: `${name(performerId)}${suffix}`, day: 4 + index * 5, time: "20:00:00", venueId, performerIds, taxonomyId: 2000000, basePrice: 55 });
  });
  fixtures.push({ id: 6300001, title: "The Lantern Keepers", day: 9, time: "19:00:00", venueId: 101, performerIds: [1301], taxonomyId: 3010000, basePrice: 95 });
  fixtures.push({ id: 6300002, title: "The Lantern Keepers", day: 10, time: "14:00:00", venueId: 101, performerIds: [1301], taxonomyId: 3010000, basePrice: 95 });
  return fixtures;
}

/** Quirks hung on particular events so every shape appears in the default world. */
const quirks: Record<number, Partial<SgWorldEvent>> = {
  6000004: { timeTbd: true },
  6000018: { dateTbd: true, timeTbd: true },
  6000007: { status: "rescheduled" },
  6100008: { status: "cancelled" },
  6200011: { stats: noListings },
  6200007: { stats: { ...noListings, listingCount: 14 } },
};

/** The default seeded world: events dated from the UTC day of `base`, changes scripted from `base`. */
export function createDefaultSeatGeekWorld(base: Date = new Date()): SgWorld {
  const day0 = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate()));
  // The timeline counts from `base` itself, so a freshly started fake has every change still ahead.
  const hours = (h: number) => new Date(base.getTime() + h * 3_600_000).toISOString();
  const events: SgWorldEvent[] = buildFixtures().map((fixture) => ({
    id: fixture.id,
    title: fixture.title,
    datetimeLocal: `${dayString(day0, fixture.day)}T${fixture.time}`,
    venueId: fixture.venueId,
    performerIds: fixture.performerIds,
    taxonomyIds: [fixture.taxonomyId],
    stats: statsFor(fixture.id, fixture.basePrice),
    announceDate: `${dayString(day0, -30)}T15:00:00`,
    score: Math.round(hashUnit(fixture.id + 3) * 100) / 100,
    ...quirks[fixture.id],
  }));
  return {
    taxonomies,
    venues,
    performers,
    events,
    timeline: [
      {
        at: hours(1),
        kind: "add-event",
        event: { id: 6200101, title: "Luna Vega", datetimeLocal: `${dayString(day0, 60)}T20:00:00`, venueId: 104, performerIds: [1202], taxonomyIds: [2000000], stats: statsFor(6200101, 65), announceDate: `${dayString(day0, 0)}T01:00:00`, score: 0.8 },
      },
      { at: hours(2), kind: "patch-stats", id: 6000002, stats: { lowestPrice: 41, averagePrice: 110, medianPrice: 90 } },
      { at: hours(3), kind: "patch-event", id: 6200003, patch: { status: "cancelled" } },
      { at: hours(6), kind: "remove-event", id: 6100007 },
      { at: hours(24), kind: "patch-event", id: 6000010, patch: { datetimeLocal: `${dayString(day0, 40)}T19:00:00`, status: "rescheduled" } },
    ],
  };
}
