/**
 * Vendor-shaped venues, attractions, images and URLs for the sandbox world (providers.md 1.8 shapes).
 * Venue coordinates are strings, as in real responses; a few venues have no `location` at all.
 */
import type { TmAttraction, TmClassification, TmImage, TmVenue } from "../ticketmaster/types";
import type { CountryCode, PlaceSeed } from "./catalog-places";
import type { IdFactory } from "./ids";
import type { Random } from "./random";

const COUNTRY_NAMES: Record<CountryCode, string> = {
  GB: "Great Britain",
  US: "United States Of America",
  IE: "Ireland",
  DE: "Germany",
};

const SITE_BY_COUNTRY: Record<CountryCode, string> = {
  GB: "https://www.ticketmaster.co.uk",
  US: "https://www.ticketmaster.com",
  IE: "https://www.ticketmaster.ie",
  DE: "https://www.ticketmaster.de",
};

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export function readSite(countryCode: CountryCode): string {
  return SITE_BY_COUNTRY[countryCode];
}

/** Three or four images in the ratios Discovery uses, on Ticketmaster's image-host URL pattern. */
export function makeImages(random: Random): TmImage[] {
  const asset = `${random.text("0123456789abcdef", 8)}-${random.text("0123456789abcdef", 4)}-${random.text("0123456789abcdef", 12)}`;
  const base = `https://s1.ticketm.net/dam/a/${random.text("0123456789abcdef", 3)}/${asset}`;
  const images: TmImage[] = [
    { ratio: "16_9", url: `${base}_RETINA_PORTRAIT_16_9.jpg`, width: 640, height: 360, fallback: false },
    { ratio: "3_2", url: `${base}_RETINA_PORTRAIT_3_2.jpg`, width: 640, height: 427, fallback: false },
    { ratio: "16_9", url: `${base}_TABLET_LANDSCAPE_LARGE_16_9.jpg`, width: 2048, height: 1152, fallback: false },
  ];
  if (random.chance(0.5)) images.push({ ratio: "4_3", url: `${base}_CUSTOM.jpg`, width: 305, height: 225, fallback: false });
  return images;
}

export function makeVenue(seed: PlaceSeed, ids: IdFactory, random: Random, hasLocation: boolean): TmVenue {
  const id = ids.venue();
  const venue: TmVenue = {
    name: seed.name,
    type: "venue",
    id,
    test: false,
    url: `${readSite(seed.countryCode)}/${slugify(seed.name)}-tickets-${slugify(seed.city)}/venue/${random.int(10000, 999999)}`,
    locale: "en-us",
    postalCode: seed.postalCode,
    timezone: seed.timezone,
    city: { name: seed.city },
    country: { name: COUNTRY_NAMES[seed.countryCode], countryCode: seed.countryCode },
    address: { line1: seed.address },
    markets: [{ name: seed.market.name, id: seed.market.id }],
    dmas: [{ id: seed.dmaId }],
    _links: { self: { href: `/discovery/v2/venues/${id}?locale=en-us` } },
  };
  if (seed.stateCode) venue.state = { name: seed.stateName ?? seed.stateCode, stateCode: seed.stateCode };
  if (hasLocation) venue.location = { longitude: seed.longitude.toFixed(6), latitude: seed.latitude.toFixed(6) };
  if (random.chance(0.6)) {
    venue.boxOfficeInfo = { openHoursDetail: "Box office opens two hours before the first performance." };
    venue.generalInfo = { generalRule: "No re-entry. Bags larger than A4 are not permitted.", childRule: "Under 14s must be accompanied by an adult." };
  }
  if (random.chance(0.3)) venue.images = makeImages(random).slice(0, 1);
  return venue;
}

export function makeAttraction(
  name: string,
  classification: TmClassification,
  ids: IdFactory,
  random: Random,
  options: { isFictional: boolean },
): TmAttraction {
  const id = ids.attraction();
  const attraction: TmAttraction = {
    name,
    type: "attraction",
    id,
    test: false,
    url: `https://www.ticketmaster.com/${slugify(name)}-tickets/artist/${random.int(800000, 3200000)}`,
    locale: "en-us",
    images: makeImages(random),
    classifications: [classification],
    _links: { self: { href: `/discovery/v2/attractions/${id}?locale=en-us` } },
  };
  // Fictional acts link only to reserved example domains, so nothing points at a real site.
  if (options.isFictional) attraction.externalLinks = { homepage: [{ url: `https://www.example.org/${slugify(name)}` }] };
  return attraction;
}
