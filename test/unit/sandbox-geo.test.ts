import { describe, expect, it } from "vitest";
import { decodeGeohash, measureDistance, parseGeoPoint, parseLatLong, readVenueLocation } from "@/server/sandbox/ticketmaster/geo";

describe("decodeGeohash", () => {
  it("decodes an 11-character geohash to the centre of its cell", () => {
    const point = decodeGeohash("u4pruydqqvj");
    expect(point?.latitude).toBeCloseTo(57.64911, 4);
    expect(point?.longitude).toBeCloseTo(10.40744, 4);
  });

  it("decodes Discovery's documented example dr5rh to New York", () => {
    const point = decodeGeohash("dr5rh");
    expect(point?.latitude).toBeCloseTo(40.6, 0);
    expect(point?.longitude).toBeCloseTo(-74.0, 0);
  });

  it("is case-insensitive and narrows as characters are added", () => {
    const coarse = decodeGeohash("GCPV");
    const fine = decodeGeohash("gcpvjbz");
    expect(coarse).not.toBeNull();
    expect(Math.abs((fine?.latitude ?? 0) - 51.5087)).toBeLessThan(0.001);
  });

  it("rejects empty hashes and characters outside the geohash alphabet", () => {
    expect(decodeGeohash("")).toBeNull();
    expect(decodeGeohash("gcpa")).toBeNull();
    expect(decodeGeohash("gcpi")).toBeNull();
  });
});

describe("parseGeoPoint and parseLatLong", () => {
  it("accepts lat,long as well as a geohash", () => {
    expect(parseGeoPoint("53.35,-6.26")).toEqual({ latitude: 53.35, longitude: -6.26 });
    expect(parseGeoPoint("gc7x9")?.latitude).toBeCloseTo(53.37, 1);
  });

  it("rejects out-of-range or malformed coordinates", () => {
    expect(parseLatLong("91,0")).toBeNull();
    expect(parseLatLong("10,181")).toBeNull();
    expect(parseLatLong("abc,1")).toBeNull();
    expect(parseLatLong("1,2,3")).toBeNull();
  });
});

describe("measureDistance", () => {
  const london = { latitude: 51.5074, longitude: -0.1278 };
  const paris = { latitude: 48.8566, longitude: 2.3522 };

  it("gives the great-circle distance London–Paris of about 344 km / 213 miles", () => {
    expect(measureDistance(london, paris, "km")).toBeCloseTo(343.6, 0);
    expect(measureDistance(london, paris, "miles")).toBeCloseTo(213.5, 0);
  });

  it("is zero for the same point and symmetric", () => {
    expect(measureDistance(london, london, "km")).toBe(0);
    expect(measureDistance(paris, london, "km")).toBeCloseTo(measureDistance(london, paris, "km"), 9);
  });
});

describe("readVenueLocation", () => {
  it("reads string coordinates and treats a missing or junk location as unknown", () => {
    expect(readVenueLocation({ latitude: "51.5549", longitude: "-0.1084" })).toEqual({ latitude: 51.5549, longitude: -0.1084 });
    expect(readVenueLocation(undefined)).toBeNull();
    expect(readVenueLocation({ latitude: "", longitude: "x" })).toBeNull();
  });
});
