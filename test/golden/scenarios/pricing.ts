/**
 * Price news: ceilings, drop percentages, currencies, and every re-arm rule on one moving price.
 */
import { eur, gbp, makeEvent, makeWatch } from "../builders";
import type { Scenario } from "../scenario";

const priced = (min: number) => makeEvent("E6", { priceRange: gbp(min, 150) });

const dublin = makeEvent("E7", {
  status: "offsale",
  venue: { id: "KovZ9177Bx0", name: "3Arena", city: "Dublin", stateCode: null, countryCode: "IE", latitude: 53.3475, longitude: -6.2286, timezone: "Europe/Dublin" },
});

const rearmEvent = (min: number, patch: Parameters<typeof makeEvent>[1] = {}) =>
  makeEvent("E8", { status: "offsale", publicSale: { startsAt: "2026-03-09T10:00:00Z", endsAt: null }, priceRange: gbp(min, 200), ...patch });
const movedSale = { publicSale: { startsAt: "2026-03-10T10:00:00Z", endsAt: null } };

export const pricingScenarios: Scenario[] = [
  {
    name: "price ceiling and drop percentage",
    proves:
      "A £60 ceiling stays silent while the cheapest ticket is £75 or £67.50 and alerts once when it drops to " +
      "£52 (notify once: the later £40 is not repeated); a 20 % drop watch ignores a 10 % drop, alerts on 23 % " +
      "and 31 % drops (re-armed after 1 h), and also hears the first price appear; a price rise alerts nobody.",
    watches: [
      makeWatch("w-ceiling", { stages: ["price"], maxPriceMinor: 6000, currency: "GBP" }),
      makeWatch("w-drop", { stages: ["price"], priceDropPercent: 20, rearm: { mode: "rearm-after", hours: 1 } }),
    ],
    steps: [
      { at: "2026-03-01T09:00:00Z", events: [makeEvent("E6")], baseline: true },
      { at: "2026-03-02T09:00:00Z", events: [priced(75)] },
      { at: "2026-03-03T09:00:00Z", events: [priced(67.5)] },
      { at: "2026-03-04T09:00:00Z", events: [priced(52)] },
      { at: "2026-03-05T09:00:00Z", events: [priced(58)] },
      { at: "2026-03-06T09:00:00Z", events: [priced(40)] },
    ],
    expected: [
      { at: "2026-03-02T09:00:00Z", watch: "w-drop", event: "E6", kind: "price-appeared", bucket: "GBP:7500" },
      { at: "2026-03-04T09:00:00Z", watch: "w-ceiling", event: "E6", kind: "price-dropped", bucket: "GBP:5200" },
      { at: "2026-03-04T09:00:00Z", watch: "w-drop", event: "E6", kind: "price-dropped", bucket: "GBP:5200" },
      { at: "2026-03-06T09:00:00Z", watch: "w-drop", event: "E6", kind: "price-dropped", bucket: "GBP:4000" },
    ],
  },
  {
    name: "a price in another currency never matches silently",
    proves:
      "A €55 price on a Dublin show does not satisfy a £100 ceiling (no price alert), and when the show goes on " +
      "sale the GBP watch is told with `price` listed as not checked; a watch with a €60 ceiling gets the price alert.",
    watches: [
      makeWatch("w-gbp", { stages: ["price", "on-sale"], maxPriceMinor: 10000, currency: "GBP" }),
      makeWatch("w-eur", { stages: ["price"], maxPriceMinor: 6000, currency: "EUR" }),
    ],
    steps: [
      { at: "2026-03-01T09:00:00Z", events: [dublin], baseline: true },
      { at: "2026-03-02T09:00:00Z", events: [{ ...dublin, priceRange: eur(55, 95) }] },
      { at: "2026-03-06T10:05:00Z", events: [{ ...dublin, priceRange: eur(55, 95), status: "onsale" }] },
    ],
    expected: [
      { at: "2026-03-02T09:00:00Z", watch: "w-eur", event: "E7", kind: "price-appeared", bucket: "EUR:5500" },
      { at: "2026-03-06T10:05:00Z", watch: "w-gbp", event: "E7", kind: "on-sale", bucket: "public@2026-03-06T10:00:00Z", unchecked: ["price"] },
    ],
  },
  {
    name: "every re-arm rule on one moving price",
    proves:
      "On £100 → 80 → 60 → 90 → 70 → 65 → 59.50 → 59.20: `once` alerts only the first drop; `rearm-after 24h` " +
      "alerts again only after 24 h; `new-low` alerts each new lowest whole-pound bucket (80, 60, 59) and never " +
      "a rebound; `cooldown 12h` holds price and schedule news for 12 h after an alert but lets the time-critical " +
      "on-sale through; `rearm-after 1h` with `new-low only` needs both the hour and a new low.",
    watches: [
      makeWatch("w-once", { stages: ["price"] }),
      makeWatch("w-rearm", { stages: ["price"], rearm: { mode: "rearm-after", hours: 24 } }),
      makeWatch("w-newlow", { stages: ["price"], rearm: { mode: "new-low" } }),
      makeWatch("w-cool", { stages: ["price", "on-sale", "sale-scheduled"], rearm: { mode: "cooldown", hours: 12 } }),
      makeWatch("w-lowonly", { stages: ["price"], rearm: { mode: "rearm-after", hours: 1 }, isNewLowOnly: true }),
    ],
    steps: [
      { at: "2026-03-01T00:00:00Z", events: [rearmEvent(100)], baseline: true },
      { at: "2026-03-02T00:00:00Z", events: [rearmEvent(80)] },
      { at: "2026-03-02T02:00:00Z", events: [rearmEvent(60)] },
      { at: "2026-03-02T04:00:00Z", events: [rearmEvent(90)] },
      { at: "2026-03-02T06:00:00Z", events: [rearmEvent(70)] },
      { at: "2026-03-03T01:00:00Z", events: [rearmEvent(65)] },
      { at: "2026-03-03T02:00:00Z", events: [rearmEvent(59.5)] },
      { at: "2026-03-03T03:00:00Z", events: [rearmEvent(59.2, movedSale)] },
      { at: "2026-03-10T10:05:00Z", events: [rearmEvent(59.2, { ...movedSale, status: "onsale" })] },
    ],
    expected: [
      { at: "2026-03-02T00:00:00Z", watch: "w-once", event: "E8", kind: "price-dropped", bucket: "GBP:8000" },
      { at: "2026-03-02T00:00:00Z", watch: "w-rearm", event: "E8", kind: "price-dropped", bucket: "GBP:8000" },
      { at: "2026-03-02T00:00:00Z", watch: "w-newlow", event: "E8", kind: "price-dropped", bucket: "GBP:8000" },
      { at: "2026-03-02T00:00:00Z", watch: "w-cool", event: "E8", kind: "price-dropped", bucket: "GBP:8000" },
      { at: "2026-03-02T00:00:00Z", watch: "w-lowonly", event: "E8", kind: "price-dropped", bucket: "GBP:8000" },
      { at: "2026-03-02T02:00:00Z", watch: "w-newlow", event: "E8", kind: "price-dropped", bucket: "GBP:6000" },
      { at: "2026-03-02T02:00:00Z", watch: "w-lowonly", event: "E8", kind: "price-dropped", bucket: "GBP:6000" },
      { at: "2026-03-03T01:00:00Z", watch: "w-rearm", event: "E8", kind: "price-dropped", bucket: "GBP:6500" },
      { at: "2026-03-03T01:00:00Z", watch: "w-cool", event: "E8", kind: "price-dropped", bucket: "GBP:6500" },
      { at: "2026-03-03T02:00:00Z", watch: "w-newlow", event: "E8", kind: "price-dropped", bucket: "GBP:5900" },
      { at: "2026-03-03T02:00:00Z", watch: "w-lowonly", event: "E8", kind: "price-dropped", bucket: "GBP:5900" },
      { at: "2026-03-10T10:05:00Z", watch: "w-cool", event: "E8", kind: "on-sale", bucket: "public@2026-03-10T10:00:00Z" },
    ],
  },
];
