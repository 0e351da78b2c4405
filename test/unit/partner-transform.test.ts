import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { availabilityEntry, topPicksResponse } from "@/server/providers/ticketmaster-partner/schemas";
import { mapInventoryStatus, transformTopPicks } from "@/server/providers/ticketmaster-partner/transform";

function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/partner/${name}`, import.meta.url), "utf8"));
}

describe("Top Picks transform", () => {
  it("groups picks into section offers by section, row and price per ticket", () => {
    const offers = transformTopPicks([topPicksResponse.parse(loadFixture("top-picks.json"))], 2);
    expect(offers).toMatchSnapshot();
    expect(offers.find((offer) => offer.section === "102" && offer.row === "G")).toEqual({
      section: "102",
      row: "G",
      priceMinor: 15235,
      faceValueMinor: 12950,
      currency: "USD",
      count: 4,
    });
  });

  it("drops picks whose offer is missing from _embedded", () => {
    const offers = transformTopPicks([topPicksResponse.parse(loadFixture("top-picks.json"))], 2);
    expect(offers.some((offer) => offer.section === "315")).toBe(false);
  });

  it("counts the requested quantity per pick when an onsale withholds rows and seats", () => {
    const offers = transformTopPicks([topPicksResponse.parse(loadFixture("top-picks-onsale.json"))], 4);
    expect(offers).toMatchSnapshot();
    expect(offers[0]).toMatchObject({ section: "204", row: null, priceMinor: 4500, faceValueMinor: 4500, currency: "CAD", count: 4 });
    expect(offers[1]).toMatchObject({ section: "GA", row: null, count: 8 });
  });

  it("merges several pages, resolving offers across them", () => {
    const page = topPicksResponse.parse(loadFixture("top-picks.json"));
    const first = { ...page, _embedded: { offer: [] } };
    const second = { ...page, picks: [], page: { number: 2, size: 30, totalElements: 5, totalPages: 2 } };
    expect(transformTopPicks([first, second], 2)).toEqual(transformTopPicks([page], 2));
  });
});

describe("Inventory Status mapping", () => {
  it("maps the documented enums and degrades unknown values to unknown", () => {
    const entries = (loadFixture("inventory-status.json") as unknown[]).map((item) => availabilityEntry.safeParse(item));
    const mapped = entries.map((entry) => (entry.success ? [entry.data.eventId, mapInventoryStatus(entry.data), entry.data.resaleStatus ?? null] : "invalid"));
    expect(mapped).toMatchSnapshot();
    expect(mapped).toContainEqual(["vvG1zZ9NeWeNuM", "unknown", "TICKETS_AVAILABLE"]);
    expect(mapped.at(-1)).toBe("invalid");
  });
});
