import { describe, expect, it } from "vitest";
import { updateWatchInput, watchInput } from "@/server/services/watches/input";
import { fromMinorUnits, toMinorUnits } from "@/server/lib/money";

const base = { name: "Lakers", attractions: [{ id: "K8vZ917_Lakers", name: "Los Angeles Lakers" }] };

function messagesFor(input: unknown) {
  const result = watchInput.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("watch input", () => {
  it("fills sensible defaults", () => {
    const watch = watchInput.parse(base);
    expect(watch.channels).toEqual(["in-app", "email"]);
    expect(watch.stages).toContain("on-sale");
    expect(watch.stages).not.toContain("sections");
    expect(watch.rearm).toEqual({ mode: "once" });
    expect(watch.firstRun).toBe("changes");
  });

  it("accepts an event type in a place without a team", () => {
    expect(messagesFor({ name: "Comedy in Dublin", segment: "Arts & Theatre", city: "Dublin" })).toEqual([]);
  });

  it("refuses an event type with no place", () => {
    expect(messagesFor({ name: "All music", segment: "Music" })).toContain("attractions: Say what to watch: a team or artist, a venue, a keyword, or an event type in a place");
  });

  it("needs both coordinates and a radius for a point", () => {
    expect(messagesFor({ ...base, latitude: 51.5 })).toContain("latitude: Give both latitude and longitude, or neither");
    expect(messagesFor({ ...base, latitude: 51.5, longitude: -0.1 })).toContain("radius: Give a radius around the point");
    expect(messagesFor({ ...base, latitude: 91, longitude: 0, radius: 5 })).toContain("latitude: Latitude must be between -90 and 90");
  });

  it("refuses prices with more than two decimals and repeated weekdays", () => {
    expect(messagesFor({ ...base, maxPrice: 10.555, currency: "USD" })).toContain("maxPrice: Maximum price has more than 2 decimals");
    expect(messagesFor({ ...base, weekdays: [6, 6] })).toContain("weekdays: A weekday is listed twice");
  });

  it("keeps a patch free of defaults so an edit changes only what it names", () => {
    const patch = updateWatchInput.parse({ id: "4b0c7a9e-2f1d-4c3b-9a8e-1d2c3b4a5f60", patch: { name: "New name" } }).patch;
    expect(Object.keys(patch)).toEqual(["name"]);
  });

  it("converts money to minor units by the currency's exponent", () => {
    expect(toMinorUnits(19.99, "GBP")).toBe(1999);
    expect(toMinorUnits(5000, "JPY")).toBe(5000);
    expect(fromMinorUnits(1999, "USD")).toBe(19.99);
  });
});
