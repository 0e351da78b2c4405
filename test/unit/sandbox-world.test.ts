import { describe, expect, it } from "vitest";
import type { TmEvent, World } from "@/server/sandbox/ticketmaster/types";
import { parseWorld } from "@/server/sandbox/ticketmaster/world-schema";
import { WorldState } from "@/server/sandbox/ticketmaster/world-state";
import { PREMIER_LEAGUE_CLUBS } from "@/server/sandbox/world/catalog-attractions";
import { buildSandboxWorld } from "@/server/sandbox/world/build-world";
import { buildFixtureWorld } from "@/server/sandbox/world/fixture-world";
import { TIMELINE_HORIZON_MS } from "@/server/sandbox/world/timeline";

const START = new Date("2026-03-02T10:00:00Z");
const DAY = 86_400_000;
const world = buildSandboxWorld(1, START);

/** Every event that ever exists: the base ones and those the timeline adds. */
function listAllEvents(w: World): TmEvent[] {
  return [...w.events, ...w.timeline.flatMap((step) => (step.op === "add" ? [step.event] : []))];
}

function count(events: TmEvent[], predicate: (event: TmEvent) => boolean): number {
  return events.filter(predicate).length;
}

function classificationNames(event: TmEvent): string[] {
  return (event.classifications ?? []).flatMap((c) => [c.segment?.name, c.genre?.name, c.subGenre?.name]).filter((n): n is string => !!n);
}

describe("buildSandboxWorld", () => {
  it("is deterministic for a seed and start, and differs for another seed", () => {
    expect(buildSandboxWorld(1, START)).toEqual(world);
    expect(buildSandboxWorld(2, START).events[0]?.id).not.toBe(world.events[0]?.id);
  });

  it("has about 300 events with unique ids in Discovery's id shapes", () => {
    expect(world.events.length).toBeGreaterThanOrEqual(250);
    expect(world.events.length).toBeLessThanOrEqual(350);
    const ids = listAllEvents(world).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{13,34}$/);
  });

  it("dates every event relative to its start, so a later start shifts the whole world", () => {
    const starts = world.events.flatMap((e) => (e.dates.start.dateTime ? [Date.parse(e.dates.start.dateTime)] : []));
    expect(Math.min(...starts)).toBeGreaterThan(START.getTime());
    expect(Math.max(...starts)).toBeLessThan(START.getTime() + 200 * DAY);
    expect(world.startAt).toBe(START.toISOString());
    const later = buildSandboxWorld(1, new Date(START.getTime() + 14 * DAY));
    expect(later.events.every((e) => !e.dates.start.dateTime || Date.parse(e.dates.start.dateTime) > START.getTime() + 14 * DAY)).toBe(true);
  });

  it("covers football with every Premier League club, NBA, NFL, concerts and theatre in GB, US, IE and DE", () => {
    const attractionNames = new Set(world.attractions.map((a) => a.name));
    for (const club of PREMIER_LEAGUE_CLUBS) expect(attractionNames.has(club.name)).toBe(true);
    const genres = new Set(world.events.flatMap(classificationNames));
    for (const genre of ["Soccer", "Basketball", "Football", "Rock", "Theatre"]) expect(genres.has(genre)).toBe(true);
    const countries = new Set(world.events.map((e) => e._embedded?.venues?.[0]?.country?.countryCode));
    for (const country of ["GB", "US", "IE", "DE"]) expect(countries.has(country)).toBe(true);
  });

  it("sprinkles in every quirk of real Discovery data", () => {
    const events = listAllEvents(world);
    const venues = events.flatMap((e) => e._embedded?.venues ?? []);
    expect(count(events, (e) => !e.priceRanges)).toBeGreaterThan(events.length / 2);
    expect(count(events, (e) => !!e.priceRanges)).toBeGreaterThan(10);
    expect(count(events, (e) => !e.promoter)).toBeGreaterThan(10);
    expect(count(events, (e) => e.sales?.presales === undefined)).toBeGreaterThan(10);
    expect(count(events, (e) => e.sales?.presales?.length === 0)).toBeGreaterThan(3);
    expect(count(events, (e) => (e.sales?.presales?.length ?? 0) >= 2)).toBeGreaterThan(3);
    expect(count(events, (e) => e.sales?.public?.startDateTime?.startsWith("1900-01-01T") === true)).toBeGreaterThan(10);
    expect(count(events, (e) => e.dates.start.noSpecificTime && !e.dates.start.localTime && !e.dates.start.dateTime)).toBeGreaterThan(0);
    expect(count(events, (e) => e.dates.start.dateTBA && !e.dates.start.localDate)).toBeGreaterThan(0);
    expect(count(events, (e) => e.dates.start.dateTBD)).toBeGreaterThan(0);
    expect(count(events, (e) => !e.dates.timezone)).toBeGreaterThan(10);
    expect(venues.every((v) => !v.location || typeof v.location.latitude === "string")).toBe(true);
    expect(venues.some((v) => !v.location)).toBe(true);
    expect(count(events, (e) => !e._embedded?.attractions)).toBeGreaterThan(0);
    expect(count(events, (e) => classificationNames(e).includes("Undefined"))).toBeGreaterThan(0);
    expect(count(events, (e) => classificationNames(e).includes("Other"))).toBeGreaterThan(0);
    expect(count(events, (e) => !!e.ticketLimit?.info)).toBeGreaterThan(10);
    expect(count(events, (e) => !!e.seatmap?.staticUrl)).toBeGreaterThan(10);
    expect(count(events, (e) => !!e.url && !e.url.includes(e.id))).toBeGreaterThan(count(events, (e) => !!e.url?.includes(e.id)));
    expect(count(events, (e) => /SUITE/.test(e.name) && e.id.startsWith("Za5ju3"))).toBeGreaterThan(0);
    expect(count(events, (e) => /PASS/.test(e.name))).toBeGreaterThan(0);
    expect(count(events, (e) => e.dates.status.code === "rescheduled" && !!e.dates.initialStartDate)).toBeGreaterThan(0);
    const statuses = new Set(events.map((e) => e.dates.status.code));
    for (const status of ["onsale", "offsale", "cancelled", "postponed", "rescheduled"]) expect(statuses.has(status as never)).toBe(true);
    const patchedStatuses = world.timeline.flatMap((s) => (s.op === "patch" && s.event.dates?.status?.code ? [s.event.dates.status.code] : []));
    expect(patchedStatuses).toContain("canceled");
    expect(patchedStatuses).toContain("cancelled");
  });

  it("scripts a timeline spread over 30 days that starts within minutes", () => {
    const ats = world.timeline.map((s) => s.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    expect(ats[0]).toBeLessThanOrEqual(5 * 60_000);
    expect(Math.min(...ats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ats)).toBeLessThan(TIMELINE_HORIZON_MS);
    for (let day = 0; day < 30; day += 3) {
      expect(ats.filter((at) => at >= day * DAY && at < (day + 3) * DAY).length).toBeGreaterThanOrEqual(5);
    }
  });

  it("tells every kind of story a fan alert is for", () => {
    const notes = new Set(world.timeline.map((s) => s.note));
    for (const note of ["event announced", "presale scheduled", "presale opens", "public on-sale", "price range published", "price dropped",
      "price range withdrawn", "postponed, date to be announced", "rescheduled to a new date", "cancelled", "sold out", "back on sale",
      "event removed without notice"]) {
      expect(notes.has(note)).toBe(true);
    }
    expect(new Set(world.timeline.map((s) => s.op))).toEqual(new Set(["add", "patch", "remove"]));
  });

  it("only patches or removes events that exist at that moment", () => {
    const state = new WorldState(world);
    for (const step of world.timeline) {
      if (step.op !== "add") expect(state.viewAt(step.at - 1).eventsById.has(step.id)).toBe(true);
      state.viewAt(step.at);
    }
  });
});

describe("buildFixtureWorld", () => {
  it("is a valid world with fixed dates", () => {
    const fixture = buildFixtureWorld();
    expect(parseWorld(JSON.parse(JSON.stringify(fixture))).events).toHaveLength(fixture.events.length);
    expect(buildFixtureWorld()).toEqual(fixture);
  });
});
