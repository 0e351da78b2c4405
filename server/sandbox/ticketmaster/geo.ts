/**
 * Geo helpers for `geoPoint`/`latlong` + `radius` filters: geohash decoding (Discovery takes geohashes of up
 * to 9 chars, providers.md 1.3) and great-circle distance.
 */

export interface LatLong {
  latitude: number;
  longitude: number;
}

const GEOHASH_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

/** Mean Earth radius (IUGG) in km. */
const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_MILE = 1.609344;

/**
 * Decodes a geohash to the centre of its cell. Bits alternate longitude/latitude starting with longitude;
 * each character carries five bits. Returns null for an empty hash or a character outside the alphabet.
 */
export function decodeGeohash(hash: string): LatLong | null {
  if (hash.length === 0) return null;
  let latMin = -90;
  let latMax = 90;
  let lonMin = -180;
  let lonMax = 180;
  let isLongitudeBit = true;
  for (const char of hash.toLowerCase()) {
    const value = GEOHASH_ALPHABET.indexOf(char);
    if (value < 0) return null;
    for (let bit = 4; bit >= 0; bit -= 1) {
      const isUpper = ((value >> bit) & 1) === 1;
      if (isLongitudeBit) {
        const mid = (lonMin + lonMax) / 2;
        if (isUpper) lonMin = mid;
        else lonMax = mid;
      } else {
        const mid = (latMin + latMax) / 2;
        if (isUpper) latMin = mid;
        else latMax = mid;
      }
      isLongitudeBit = !isLongitudeBit;
    }
  }
  return { latitude: (latMin + latMax) / 2, longitude: (lonMin + lonMax) / 2 };
}

/** Parses `lat,long`; null unless both are finite and in range. */
export function parseLatLong(text: string): LatLong | null {
  const parts = text.split(",");
  if (parts.length !== 2) return null;
  const latitude = Number(parts[0]?.trim());
  const longitude = Number(parts[1]?.trim());
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}

/** `geoPoint` accepts a geohash or, per its Swagger regex, `lat,long` (providers.md 1.3). */
export function parseGeoPoint(text: string): LatLong | null {
  return text.includes(",") ? parseLatLong(text) : decodeGeohash(text.trim());
}

/** Haversine great-circle distance. */
export function measureDistance(a: LatLong, b: LatLong, unit: "km" | "miles"): number {
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRadians(b.latitude - a.latitude);
  const dLon = toRadians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  return unit === "km" ? km : km / KM_PER_MILE;
}

/** Venue coordinates arrive as strings (providers.md 1.8); null when the location is missing or junk. */
export function readVenueLocation(location: { latitude: string | number; longitude: string | number } | undefined): LatLong | null {
  if (!location) return null;
  const latitude = Number(location.latitude);
  const longitude = Number(location.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  return { latitude, longitude };
}
