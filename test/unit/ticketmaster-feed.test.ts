import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseFeed } from "@/server/providers/ticketmaster/feed";

function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/ticketmaster/${name}`, import.meta.url)), "utf8")) as unknown;
}

describe("Discovery Feed parsing", () => {
  const feed = parseFeed(loadFixture("feed-us.json"));

  it("maps flat feed records to our events and skips bad records", () => {
    expect(feed?.entries.map((e) => e.event.id)).toEqual(["vvG1zZ9fKp3aQx", "Z7r9jZ1A7e0Fk"]);
    expect(feed?.invalid.map((i) => i.id)).toEqual(["vvBrokenStatus1", null]);
    expect(feed?.generatedAt).toBe("2027-01-01T00:00:00.000Z");
  });

  it("settles the same quirks as the API transform", () => {
    const [onsale, cancelled] = feed?.entries ?? [];
    expect(onsale).toMatchObject({
      isTransactable: true,
      event: {
        priceRange: { minMinor: 5450, maxMinor: 15000, currency: "USD" },
        classification: { segment: "Music", genre: null },
        venue: { city: "Long Beach", latitude: 33.764641 },
        start: { timezone: "America/Los_Angeles" },
      },
    });
    expect(cancelled).toMatchObject({
      isTransactable: false,
      event: { status: "cancelled", publicSale: { startsAt: null }, priceRange: null, venue: null, start: { hasNoSpecificTime: true } },
    });
  });

  it("accepts Discovery-shaped items under _embedded.events as a fallback", () => {
    const body = loadFixture("events-page-quirks.json");
    expect(parseFeed(body)?.entries).toHaveLength(8);
  });

  it("returns null for something that is not a feed", () => {
    expect(parseFeed({ page: {} })).toBeNull();
    expect(parseFeed("<html>")).toBeNull();
  });
});
