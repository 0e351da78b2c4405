import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sgEvent, sgEventsEnvelope, sgPerformer, sgPerformersEnvelope, sgVenue, sgVenuesEnvelope } from "@/server/providers/seatgeek/schemas";
import { buildSeatGeekQuery, formatSeatGeekDate } from "@/server/providers/seatgeek/provider";
import {
  parseSeatGeekUtc,
  transformPerformerHit,
  transformSeatGeekEvent,
  transformStats,
  transformVenueHit,
} from "@/server/providers/seatgeek/transform";

function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/seatgeek/${name}`, import.meta.url), "utf8"));
}

function loadEvents(name: string) {
  return sgEventsEnvelope.parse(loadFixture(name)).events.map((item) => sgEvent.parse(item));
}

describe("SeatGeek transform", () => {
  it("normalizes the 2020 /2/events shape with stats present", () => {
    expect(loadEvents("events-2020.json").map(transformSeatGeekEvent)).toMatchSnapshot();
  });

  it("normalizes 2026 events whose stats are withdrawn, TBD or outside the US", () => {
    expect(loadEvents("events-2026-stats-withdrawn.json").map(transformSeatGeekEvent)).toMatchSnapshot();
  });

  it("reads datetime_utc without Z as UTC and keeps datetime_local as venue wall time", () => {
    const [concert] = loadEvents("events-2020.json").map(transformSeatGeekEvent);
    expect(concert?.id).toBe("5225201");
    expect(concert?.start).toMatchObject({ dateTime: "2020-03-03T06:30:00.000Z", localDate: "2020-03-02", localTime: "22:30:00", timezone: "America/Los_Angeles" });
  });

  it("turns lowest_price into the range minimum and empty or null stats into no range", () => {
    expect(transformStats({ lowest_price: 71, highest_price: null })).toEqual({ minMinor: 7100, maxMinor: 7100, currency: "USD" });
    expect(transformStats({ lowest_price: 34, highest_price: 142 })).toEqual({ minMinor: 3400, maxMinor: 14200, currency: "USD" });
    expect(transformStats({})).toBeNull();
    expect(transformStats({ lowest_price: null, highest_price: null })).toBeNull();
    expect(transformStats(null)).toBeNull();
  });

  it("reports a TBD time as unknown rather than SeatGeek's 03:30 placeholder", () => {
    const events = loadEvents("events-2026-stats-withdrawn.json").map(transformSeatGeekEvent);
    expect(events[1]?.start).toMatchObject({ localDate: "2026-11-20", localTime: null, dateTime: null, hasNoSpecificTime: true });
    expect(events[2]?.start).toMatchObject({ localDate: null, isTbd: true });
    expect(events[2]?.status).toBe("rescheduled");
    expect(events[2]?.classification).toMatchObject({ segment: "sports", genre: "basketball", subGenre: "nba" });
  });

  it("honours an explicit offset and rejects garbage dates", () => {
    expect(parseSeatGeekUtc("2020-03-03T06:30:00+01:00")).toBe("2020-03-03T05:30:00.000Z");
    expect(parseSeatGeekUtc("not a date")).toBeNull();
    expect(parseSeatGeekUtc(null)).toBeNull();
  });

  it("normalizes performer and venue search hits", () => {
    const performers = sgPerformersEnvelope.parse(loadFixture("performers.json")).performers.map((item) => transformPerformerHit(sgPerformer.parse(item)));
    const venues = sgVenuesEnvelope.parse(loadFixture("venues.json")).venues.map((item) => transformVenueHit(sgVenue.parse(item)));
    expect({ performers, venues }).toMatchSnapshot();
  });
});

describe("SeatGeek query building", () => {
  it("maps our canonical query onto dotted filters with dates in SeatGeek's format", () => {
    expect(
      buildSeatGeekQuery({
        attractionIds: ["8", "2"],
        venueIds: ["1038"],
        keyword: "knicks",
        city: "New York",
        stateCode: "NY",
        countryCode: "US",
        near: { latitude: 40.75, longitude: -73.99, radius: 25, unit: "km" },
        segmentId: "1000000",
        classificationName: "nba",
        startFrom: "2026-03-01T00:00:00.000Z",
        startTo: "2026-04-01T12:30:00Z",
      }),
    ).toEqual({
      "performers.id": ["8", "2"],
      "venue.id": ["1038"],
      q: "knicks",
      "venue.city": "New York",
      "venue.state": "NY",
      "venue.country": "US",
      lat: 40.75,
      lon: -73.99,
      range: "25km",
      "taxonomies.id": ["1000000"],
      "taxonomies.name": "nba",
      "datetime_utc.gte": "2026-03-01T00:00:00",
      "datetime_utc.lte": "2026-04-01T12:30:00",
    });
    expect(formatSeatGeekDate("2026-03-01T10:00:00.123Z")).toBe("2026-03-01T10:00:00");
  });
});

describe("SeatGeek taxonomy filters", () => {
  it("translates Discovery segment ids it understands and drops the ones SeatGeek cannot match", () => {
    expect(buildSeatGeekQuery({ segmentId: "KZFzniwnSyZfZ7v7nE" })).toEqual({ "taxonomies.name": "sports" });
    expect(buildSeatGeekQuery({ segmentId: "KZFzniwnSyZfZ7v7nJ", classificationName: "rock" })).toEqual({ "taxonomies.name": "rock" });
    expect(buildSeatGeekQuery({ genreId: "KnvZfZ7vAeA" })).toEqual({});
  });
});
