/**
 * The venues and attractions of the sandbox world, built once per seed and shared by every schedule.
 */
import type { TmAttraction, TmVenue } from "../ticketmaster/types";
import { ARTISTS, NBA_TEAMS, NFL_TEAMS, PREMIER_LEAGUE_CLUBS, SHOWS } from "./catalog-attractions";
import { ARTS_VENUES, FOOTBALL_GROUNDS, US_SPORTS_VENUES, type CountryCode, type PlaceSeed } from "./catalog-places";
import { CLASSIFICATIONS, type ClassificationKey } from "./classifications";
import type { WorldContext } from "./event-factory";
import { makeAttraction, makeVenue } from "./vendor-objects";

export interface WorldCatalog {
  venueByKey: Map<string, TmVenue>;
  attractionByName: Map<string, TmAttraction>;
}

/** How many venues lose their `location` block (providers.md 7 item 11). */
const VENUES_WITHOUT_LOCATION = 3;

export const CURRENCY_BY_COUNTRY: Record<CountryCode, string> = { GB: "GBP", IE: "EUR", DE: "EUR", US: "USD" };

export function buildWorldCatalog(ctx: WorldContext): WorldCatalog {
  const { random, ids } = ctx;
  const places: PlaceSeed[] = [...FOOTBALL_GROUNDS, ...US_SPORTS_VENUES, ...ARTS_VENUES];
  const withoutLocation = new Set(random.shuffle(places.map((p) => p.key)).slice(0, VENUES_WITHOUT_LOCATION));
  const venueByKey = new Map(places.map((place) => [place.key, makeVenue(place, ids, random, !withoutLocation.has(place.key))]));

  const attractionByName = new Map<string, TmAttraction>();
  const addAttraction = (name: string, key: ClassificationKey, isFictional: boolean) =>
    attractionByName.set(name, makeAttraction(name, CLASSIFICATIONS[key], ids, random, { isFictional }));
  for (const club of PREMIER_LEAGUE_CLUBS) addAttraction(club.name, "football", false);
  for (const team of NBA_TEAMS) addAttraction(team.name, "basketball", false);
  for (const team of NFL_TEAMS) addAttraction(team.name, "americanFootball", false);
  for (const artist of ARTISTS) addAttraction(artist.name, artist.genre, true);
  for (const show of SHOWS) addAttraction(show.name, show.genre, true);
  return { venueByKey, attractionByName };
}

export function requireVenue(catalog: WorldCatalog, key: string): TmVenue {
  const venue = catalog.venueByKey.get(key);
  if (!venue) throw new Error(`sandbox catalogue has no venue "${key}"`);
  return venue;
}

export function requireAttraction(catalog: WorldCatalog, name: string): TmAttraction {
  const attraction = catalog.attractionByName.get(name);
  if (!attraction) throw new Error(`sandbox catalogue has no attraction "${name}"`);
  return attraction;
}

export function readCurrency(venue: TmVenue | undefined): string {
  return CURRENCY_BY_COUNTRY[(venue?.country?.countryCode ?? "US") as CountryCode] ?? "USD";
}
