/** Great-circle distances for "within N km/miles of a point" watches. */

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_MILE = 1.609344;

/** Distance between two points in kilometres (haversine). */
export function measureDistanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A radius in kilometres. */
export function convertToKm(radius: number, unit: "km" | "miles" | null): number {
  return unit === "miles" ? radius * KM_PER_MILE : radius;
}
