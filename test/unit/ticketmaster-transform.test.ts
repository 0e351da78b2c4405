import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseItem, parseList, tmEvent, type InvalidItem, type TmEvent } from "@/server/providers/ticketmaster/schemas";
import { normalizeInstant, toMinorUnits, transformEvent, TransformError } from "@/server/providers/ticketmaster/transform";
import type { Event } from "@/server/providers/types";

function loadFixture(name: string): unknown {
  const path = fileURLToPath(new URL(`../fixtures/ticketmaster/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as unknown;
}

function transformPage(name: string): { events: Map<string, Event>; invalid: InvalidItem[]; total: number } {
  const list = parseList(loadFixture(name), "events", tmEvent, "event");
  if (!list) throw new Error("envelope did not parse");
  const events = new Map<string, Event>();
  const invalid = [...list.invalid];
  for (const raw of list.items) {
    try {
      events.set(raw.id, transformEvent(raw));
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      invalid.push({ kind: "event", id: raw.id, message: error.message });
    }
  }
  return { events, invalid, total: list.totalElements };
}

const quirks = transformPage("events-page-quirks.json");
const get = (id: string) => {
  const event = quirks.events.get(id);
  if (!event) throw new Error(`fixture event ${id} missing`);
  return event;
};

describe("Ticketmaster transform: recorded-shape fixtures", () => {
  it("maps every event of the quirks page without skipping any", () => {
    expect(quirks.invalid).toEqual([]);
    expect(quirks.events.size).toBe(8);
  });

  it.each([...quirks.events.keys()])("matches the reviewed snapshot for %s", (id) => {
    expect(get(id)).toMatchSnapshot();
  });

  it("converts price ranges to integer minor units, preferring the standard (face value) range", () => {
    expect(get("vvG1zZ9fKp3aQx").priceRange).toEqual({ minMinor: 5450, maxMinor: 315000, currency: "USD" });
    expect(get("Za5ju3rKuqZBBWTRYfgG0Rzw3Il8-Ie8uH").priceRange).toEqual({ minMinor: 5000, maxMinor: 5000, currency: "JPY" });
  });

  it("leaves priceRange null when Discovery omits it (the common case)", () => {
    expect(get("Z7r9jZ1A7e0Fk").priceRange).toBeNull();
  });

  it("turns 1900 placeholder sale dates into null", () => {
    expect(get("Z7r9jZ1A7e0Fk").publicSale).toEqual({ startsAt: null, endsAt: "2026-09-12T05:00:00.000Z" });
    const pass = get("Za5ju3rKuqZBBWTRYfgG0Rzw3Il8-Ie8uH");
    expect(pass.publicSale).toEqual({ startsAt: null, endsAt: null });
    expect(pass.presales).toEqual([{ name: "Season Ticket Holder Presale", startsAt: null, endsAt: "2026-07-31T04:00:00.000Z" }]);
  });

  it("keeps presales absent, empty or several as lists", () => {
    expect(get("Z7r9jZ1A7e0Fk").presales).toEqual([]);
    expect(get("vv1AaZA9GkdLSl-w2").presales).toEqual([]);
    expect(get("vvG1zZ9fKp3aQx").presales.map((p) => p.name)).toEqual(["Artist Presale", "Spotify Presale"]);
  });

  it("handles noSpecificTime events without localTime/dateTime and falls back to the venue timezone", () => {
    expect(get("Z7r9jZ1A7e0Fk").start).toEqual({
      localDate: "2026-09-12",
      localTime: null,
      dateTime: null,
      timezone: "America/New_York",
      isTba: false,
      isTbd: false,
      hasNoSpecificTime: true,
    });
  });

  it("flags TBA events that have no localDate", () => {
    const tba = get("vv1AaZA9GkdLSl-w2");
    expect(tba.start).toMatchObject({ localDate: null, localTime: null, dateTime: null, timezone: null, isTba: true });
    expect(tba.status).toBe("postponed");
  });

  it("parses string coordinates, trims city names, and tolerates a missing or junk location", () => {
    expect(get("vvG1zZ9fKp3aQx").venue).toMatchObject({ city: "Long Beach", latitude: 33.764641, longitude: -118.18722 });
    expect(get("Z7r9jZ1A7e0Fk").venue).toMatchObject({ city: "Baltimore", latitude: 39.2904, longitude: -76.6122 });
    expect(get("vv1AaZA9GkdLSl-w2").venue).toMatchObject({ latitude: null, longitude: null, timezone: null });
    expect(get("G5v0Z98m24-oh").venue).toMatchObject({ latitude: null, longitude: null });
  });

  it("normalizes both cancel spellings to cancelled", () => {
    expect(get("G5v0Z98m24-oh").status).toBe("cancelled");
    expect(get("G5v0Z98m24-oi").status).toBe("cancelled");
  });

  it("keeps an empty attraction list when _embedded.attractions or _embedded is missing", () => {
    expect(get("vv1AaZA9GkdLSl-w2").attractions).toEqual([]);
    expect(get("G5v0Z98m24-oi").attractions).toEqual([]);
    expect(get("G5v0Z98m24-oi").venue).toBeNull();
  });

  it("reads Undefined/Other classification names as unknown but keeps the ids", () => {
    expect(get("vv1AaZA9GkdLSl-w2").classification).toEqual({
      segment: "Arts & Theatre",
      genre: null,
      subGenre: null,
      segmentId: "KZFzniwnSyZfZ7v7na",
      genreId: "KnvZfZ7vAe7",
    });
  });

  it("keeps ticket limit text, seat map and the raw official url even when its path id differs from the event id", () => {
    const event = get("vvG1zZ9fKp3aQx");
    expect(event.ticketLimit).toBe("There is an overall 6 ticket limit for this event.");
    expect(event.seatmapUrl).toContain("staticImage?type=png");
    expect(event.url).toBe("https://www.ticketmaster.com/lakeshore-revival-summer-tour-long-beach-california-07-18-2026/event/0B00612AE3C24F1D");
    expect(event.url).not.toContain(event.id);
  });

  it("keeps SUITE and PASS listings of one game as separate events", () => {
    const names = [...quirks.events.values()].filter((e) => e.name.startsWith("Thunder vs. Comets")).map((e) => e.id);
    expect(names).toHaveLength(3);
  });

  it("carries initialStartDate for rescheduled events", () => {
    expect(get("vvG1HZ9pYhD5Vw").initialStartDate).toBe("2026-10-29T00:00:00.000Z");
    const detail = parseItem(tmEvent, loadFixture("event-detail-rescheduled.json"), "event");
    if (!("item" in detail)) throw new Error("detail fixture did not parse");
    expect(transformEvent(detail.item)).toMatchSnapshot();
  });

  it("picks the widest 16:9 image", () => {
    expect(get("vvG1zZ9fKp3aQx").imageUrl).toContain("TABLET_LANDSCAPE_LARGE_16_9");
  });

  it("passes unknown vendor fields through the schema without failing", () => {
    const list = parseList(loadFixture("events-page-quirks.json"), "events", tmEvent, "event");
    const raw = list?.items.find((e: TmEvent) => e.id === "G5v0Z98m24-oi") as Record<string, unknown> | undefined;
    expect(raw?.newFieldFrom2027).toEqual({ anything: ["goes", 1, true] });
  });
});

describe("Ticketmaster page parsing", () => {
  it("reads an empty result without _embedded as zero events", () => {
    const empty = transformPage("events-page-empty.json");
    expect(empty).toEqual({ events: new Map(), invalid: [], total: 0 });
  });

  it("skips and reports bad events without failing the page", () => {
    const page = transformPage("events-page-with-invalid.json");
    expect([...page.events.keys()]).toEqual(["vvValid000001", "vvValid000002"]);
    expect(page.invalid.map((i) => i.id)).toEqual([null, "vvBadName0001", null, "vvMystery0001", "vvNoStatus001"]);
    expect(page.invalid.every((i) => i.message.length > 0)).toBe(true);
  });

  it("drops embedded venues and attractions that lack an id or name", () => {
    const event = transformPage("events-page-with-invalid.json").events.get("vvValid000002");
    expect(event?.venue).toBeNull();
    expect(event?.attractions.map((a) => a.id)).toEqual(["K8vAttr0001"]);
    expect(event?.priceRange).toBeNull();
  });

  it("returns null for a body that is not a Discovery list", () => {
    expect(parseList("<html>", "events", tmEvent, "event")).toBeNull();
    expect(parseList([1, 2], "events", tmEvent, "event")).toBeNull();
  });

  it("never throws on any quirk combination (fuzzed removals of optional blocks)", () => {
    const page = loadFixture("events-page-quirks.json") as { _embedded: { events: Record<string, unknown>[] } };
    const optional = ["url", "images", "sales", "dates", "classifications", "priceRanges", "ticketLimit", "seatmap", "_embedded"];
    for (const base of page._embedded.events) {
      for (const key of optional) {
        const variant = { ...base, [key]: key === "dates" ? { status: { code: "onsale" } } : null };
        const body = { _embedded: { events: [variant] }, page: { totalElements: 1 } };
        expect(() => {
          const list = parseList(body, "events", tmEvent, "event");
          for (const e of list?.items ?? []) transformEvent(e);
        }).not.toThrow();
      }
    }
  });
});

describe("money and instants", () => {
  it("uses the currency's own minor unit", () => {
    expect(toMinorUnits(54.5, "USD")).toBe(5450);
    expect(toMinorUnits(0.1 + 0.2, "EUR")).toBe(30);
    expect(toMinorUnits(5000, "JPY")).toBe(5000);
    expect(toMinorUnits(1.234, "KWD")).toBe(1234);
  });

  it("treats any date in or before 1900 as a placeholder", () => {
    expect(normalizeInstant("1900-01-01T18:00:00Z")).toBeNull();
    expect(normalizeInstant("not a date")).toBeNull();
    expect(normalizeInstant("2026-03-06T18:00:00Z")).toBe("2026-03-06T18:00:00.000Z");
  });
});
