/**
 * The synthetic fan population: N fans (10% premium) owning W watches, concentrated on popular attractions
 * the way real fans are (Zipf), with the mix of routes, conditions, stages, re-arm rules and first-run choices
 * the watch form offers. Every watch is validated with the app's own input schema (`watchInput`) and stored
 * with the same column mapping as the watches service. A share of watches is created during the simulated
 * period, so incremental re-planning and first-run lists are exercised too.
 */
import { randomUUID } from "node:crypto";
import type { users, watches } from "@/db/schema";
import { createRandom } from "@/server/sandbox/world/random";
import { DEFAULT_STAGES, watchInput, type WatchInput } from "@/server/services/watches/input";
import { TIER_LIMITS } from "@/server/services/tiers";
import { toColumns } from "@/server/services/watches/service";
import { BENCH_CITIES, createWeightedPicker, type BenchWorld } from "./world";

export type UserInsert = typeof users.$inferInsert;
export type WatchInsert = typeof watches.$inferInsert;

export interface PopulationOptions {
  seed: number;
  fans: number;
  watches: number;
  /** Share of watches created during the period (at a uniformly random time); default 0. */
  lateShare?: number;
  /** Share of premium fans (fastest check class "urgent"); default 0.1. */
  premiumShare?: number;
}

export interface Population {
  users: UserInsert[];
  /** Watches present at the start. */
  initial: WatchInsert[];
  /** Watches created during the period, with the simulated instant they are created at. */
  late: { at: number; watch: WatchInsert }[];
  /** Count by route, for the report. */
  routes: Record<string, number>;
}

const ALL_STAGES = ["announced", "sale-scheduled", "sale-reminder", "on-sale", "price", "status"] as const;

export function buildPopulation(world: BenchWorld, options: PopulationOptions): Population {
  const random = createRandom(options.seed);
  const premiumShare = options.premiumShare ?? 0.1;
  const lateShare = options.lateShare ?? 0;
  const zones = [...new Set(BENCH_CITIES.map((city) => city.timezone))];
  const fans: UserInsert[] = Array.from({ length: options.fans }, (_, i) => {
    const id = randomUUID();
    return { id, name: `Bench Fan ${i}`, email: `fan${i}.${id.slice(0, 8)}@bench.test`, emailVerified: true, tier: random.chance(premiumShare) ? "premium" : "basic", timeZone: random.pick(zones) };
  });
  // Some fans keep many watches, most a handful; tier limits are respected.
  const fanPicker = createWeightedPicker(fans.map(() => 0.2 + random.next() ** 3 * 4), random);
  const owned = new Map<string, number>();
  const pickFan = () => {
    for (;;) {
      const fan = fans[fanPicker()]!;
      const limit = TIER_LIMITS[fan.tier === "premium" ? "premium" : "basic"].watches;
      const count = owned.get(fan.id) ?? 0;
      if (count < limit) {
        owned.set(fan.id, count + 1);
        return fan;
      }
    }
  };

  const attractionPicker = createWeightedPicker(world.attractions.map((a) => a.weight), random);
  const keywordPicker = createWeightedPicker(world.attractions.map((a) => a.weight ** 2), random);
  const day = (offsetDays: number) => new Date(world.startMs + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const routes: Record<string, number> = {};
  const initial: WatchInsert[] = [];
  const late: Population["late"] = [];

  for (let i = 0; i < options.watches; i += 1) {
    const fan = pickFan();
    const roll = random.next();
    let input: WatchInput;
    let currency = "GBP";
    let route: string;
    if (roll < 0.88) {
      const count = random.chance(0.9) ? 1 : random.int(2, 3);
      const picked = [...new Map(Array.from({ length: count }, () => world.attractions[attractionPicker()]!).map((a) => [a.id, a])).values()];
      currency = picked[0]!.home.currency;
      input = { name: picked.map((a) => a.name).join(" + "), attractions: picked.map((a) => ({ id: a.id, name: a.name })) };
      if (random.chance(0.15)) input.countryCode = picked[0]!.home.country;
      route = "attractions";
    } else if (roll < 0.93) {
      const venue = random.pick(world.venues);
      currency = venue.city.currency;
      input = { name: venue.name, venues: [{ id: venue.id, name: venue.name }] };
      route = "venue";
    } else if (roll < 0.95) {
      const attraction = world.attractions[keywordPicker()]!;
      const word = attraction.name.split(" ").find((w) => /^[A-Z][a-z]{4,}$/.test(w) && !BENCH_CITIES.some((c) => c.name === w)) ?? attraction.name;
      currency = attraction.home.currency;
      input = { name: `"${word}"`, keyword: word.toLowerCase() };
      route = "keyword";
    } else if (roll < 0.98) {
      const city = random.pick(BENCH_CITIES);
      currency = city.currency;
      input = { name: `${random.pick(["Music", "Sports", "Arts & Theatre"])} in ${city.name}`, city: city.name, countryCode: city.country, segment: random.pick(["Music", "Sports", "Arts & Theatre"]) };
      route = "city";
    } else if (roll < 0.99) {
      const city = random.pick(BENCH_CITIES);
      currency = city.currency;
      input = { name: `Near ${city.name}`, latitude: city.latitude, longitude: city.longitude, radius: random.pick([10, 25, 50]), radiusUnit: "km", segment: random.pick(["Music", "Sports"]) };
      route = "near";
    } else {
      const city = random.pick(BENCH_CITIES);
      currency = city.currency;
      input = { name: `Genre in ${city.country}`, countryCode: city.country, genre: random.pick(["Rock", "Pop", "Soccer", "Basketball", "Comedy"]) };
      route = "genre";
    }
    routes[route] = (routes[route] ?? 0) + 1;

    if (random.chance(0.3)) Object.assign(input, { maxPrice: random.int(40, 150), currency });
    if (random.chance(0.1)) Object.assign(input, { priceDropPercent: random.int(10, 30), currency });
    if (random.chance(0.1)) input.isNewLowOnly = true;
    if (random.chance(0.15)) input.dateTo = day(random.int(30, 150));
    else if (random.chance(0.05)) input.dateFrom = day(random.int(10, 40));
    if (random.chance(0.1)) input.weekdays = [5, 6, 7];
    if (random.chance(0.2)) input.quantity = 2;
    input.stages = random.chance(0.7) ? [...DEFAULT_STAGES] : ALL_STAGES.filter(() => random.chance(0.6));
    if (input.stages.length === 0) input.stages = ["on-sale"];
    const rule = random.next();
    input.rearm = rule < 0.6 ? { mode: "once" } : rule < 0.75 ? { mode: "rearm-after", hours: 24 } : rule < 0.9 ? { mode: "new-low" } : { mode: "cooldown", hours: 12 };
    input.firstRun = random.chance(0.5) ? "existing" : "changes";

    // The columns the app stores for this input (service.ts's own mapping: prices in minor units, blanks null).
    const row: WatchInsert = { ...toColumns(watchInput.parse(input)), userId: fan.id };
    if (random.chance(lateShare)) late.push({ at: world.startMs + Math.floor(random.next() * (world.endMs - world.startMs)), watch: row });
    else initial.push(row);
  }
  late.sort((a, b) => a.at - b.at);
  return { users: fans, initial, late, routes };
}
