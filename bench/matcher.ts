/**
 * Matcher benchmark (issue 4, benchmark 2): a seeded synthetic population of watches and changed events,
 * the wall time for deciding every alert with the indexed matcher, and a naive cross-product baseline (the
 * same matcher scanning every watch for every event) measured on a subset in the same run and scaled up.
 *
 *   npx tsx bench/matcher.ts [--quick] [--watches N] [--events N]
 */
import { pathToFileURL } from "node:url";
import { createAlertHistory, type PastAlert } from "@/server/engine/alert-history";
import { indexWatches, matchChanges } from "@/server/engine/matcher";
import { readEventFacts } from "@/server/engine/watch-criteria";
import { findCandidates } from "@/server/engine/watch-index";
import type { AlertStage, Change, EventChange, MatchableWatch, RearmRule } from "@/server/engine/types";
import type { Event } from "@/server/providers/types";
import { makeWatch } from "@/test/golden/builders";

export interface MatcherBenchOptions {
  watches?: number;
  events?: number;
  quick?: boolean;
  seed?: number;
}

export interface MatcherBenchResult {
  watches: number;
  events: number;
  /** Wall time to decide all alerts: building the index plus matching. */
  matcherMs: number;
  indexMs: number;
  matchMs: number;
  decisions: number;
  /** Watch × event pairs the index handed to the full check, against watches × events for the cross product. */
  candidatePairs: number;
  naiveWatches: number;
  naiveEvents: number;
  naiveSubsetMs: number;
  /** The naive subset time scaled to the full watches × events. */
  naiveEstimatedMs: number;
  /** naiveEstimatedMs / matcherMs. */
  ratio: number;
  /** Indexed and naive decided the same alerts on the subset. */
  isNaiveAgreeing: boolean;
}

/** Deterministic PRNG (mulberry32) so every run sees the same population. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ["GB", "US", "IE", "DE", "FR", "ES", "NL", "AU", "CA", "SE"];
/** Title words of shows (a musical's name, a tour name): each rare, as real keywords are. */
const WORDS = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}x`);
const GENRES = ["Rock", "Pop", "Jazz", "Hip-Hop", "Classical", "Football", "Basketball", "Comedy"];
const SEGMENTS = ["Music", "Sports", "Arts & Theatre"];
const ALL_STAGES: AlertStage[] = ["announced", "sale-scheduled", "sale-reminder", "on-sale", "price", "status", "sections"];
const RULES: RearmRule[] = [{ mode: "once" }, { mode: "rearm-after", hours: 24 }, { mode: "new-low" }, { mode: "cooldown", hours: 12 }];

interface World {
  attractions: number;
  venues: { id: string; city: string; country: string; latitude: number; longitude: number }[];
  cities: string[];
}

function buildWorld(random: () => number, watchCount: number): World {
  const cities = Array.from({ length: 300 }, (_, i) => `City ${i}`);
  const venues = Array.from({ length: Math.max(200, Math.floor(watchCount / 50)) }, (_, i) => {
    const city = cities[i % cities.length]!;
    return { id: `V${i}`, city, country: COUNTRIES[i % COUNTRIES.length]!, latitude: -40 + random() * 100, longitude: -120 + random() * 140 };
  });
  return { attractions: Math.max(500, Math.floor(watchCount / 10)), venues, cities };
}

/** Popular attractions are watched and toured far more than the long tail (skewed pick). */
function pickSkewed(random: () => number, n: number): number {
  return Math.floor(n * random() ** 2);
}

function makeWatches(random: () => number, world: World, count: number): MatchableWatch[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const roll = random();
    const venue = pick(world.venues);
    // The golden set's blank watch (test/golden/builders.ts), with no attraction until the route below picks one;
    // the fields draw from `random` in the same order as before, so a seed gives the same population.
    const watch: MatchableWatch = makeWatch(`w${i}`, {
      userId: `u${i % Math.max(1, Math.floor(count / 10))}`,
      isPaused: random() < 0.05,
      attractions: [],
      dateTo: random() < 0.3 ? "2026-12-31" : null,
      weekdays: random() < 0.2 ? [5, 6, 7] : [],
      maxPriceMinor: random() < 0.3 ? 5000 + Math.floor(random() * 20000) : null,
      currency: "GBP",
      priceDropPercent: random() < 0.1 ? 20 : null,
      isNewLowOnly: random() < 0.1,
      quantity: random() < 0.2 ? 2 : null,
      sections: random() < 0.1 ? ["Floor"] : [],
      stages: ALL_STAGES.filter(() => random() < 0.8),
      rearm: pick(RULES),
    });
    if (roll < 0.7) {
      const n = 1 + Math.floor(random() * 3);
      watch.attractions = Array.from({ length: n }, () => {
        const a = pickSkewed(random, world.attractions);
        return { id: `A${a}`, name: `Artist ${a}` };
      });
      if (random() < 0.3) watch.countryCode = venue.country;
    } else if (roll < 0.8) watch.venues = [{ id: venue.id, name: venue.id }];
    else if (roll < 0.88) watch.keyword = `${pick(WORDS)} ${random() < 0.5 ? pick(WORDS) : ""}`.trim();
    else if (roll < 0.94) Object.assign(watch, { segment: pick(SEGMENTS), city: venue.city, countryCode: venue.country });
    else if (roll < 0.97) Object.assign(watch, { latitude: venue.latitude, longitude: venue.longitude, radius: 10 + Math.floor(random() * 90), radiusUnit: "km" });
    else Object.assign(watch, { genre: pick(GENRES), countryCode: venue.country });
    return watch;
  });
}

function makeChanges(random: () => number, world: World, count: number): EventChange[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const venue = pick(world.venues);
    const attractions = Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
      const a = pickSkewed(random, world.attractions);
      return { id: `A${a}`, name: `Artist ${a}`, url: null, classification: null };
    });
    const day = 1 + Math.floor(random() * 28);
    const localDate = `2026-${String(4 + Math.floor(random() * 8)).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    const min = 2000 + Math.floor(random() * 15000);
    const event: Event = {
      provider: "ticketmaster",
      id: `E${i}`,
      name: `${attractions[0]!.name}: ${pick(WORDS)} ${pick(WORDS)}`,
      url: null,
      start: { localDate, localTime: "19:30:00", dateTime: `${localDate}T18:30:00Z`, timezone: null, isTba: false, isTbd: false, hasNoSpecificTime: false },
      status: "onsale",
      initialStartDate: null,
      publicSale: { startsAt: "2026-03-06T10:00:00Z", endsAt: null },
      presales: [],
      priceRange: random() < 0.4 ? { minMinor: min, maxMinor: min * 3, currency: "GBP" } : null,
      classification: { segment: pick(SEGMENTS), genre: pick(GENRES), subGenre: null, segmentId: null, genreId: null },
      venue: { id: venue.id, name: venue.id, city: venue.city, stateCode: null, countryCode: venue.country, latitude: venue.latitude, longitude: venue.longitude, timezone: null },
      attractions,
      ticketLimit: null,
      imageUrl: null,
      seatmapUrl: null,
      availability: null,
      sectionOffers: null,
    };
    const roll = random();
    const price = event.priceRange ?? { minMinor: min, maxMinor: min * 3, currency: "GBP" };
    const change: Change =
      roll < 0.2
        ? { kind: "announced" }
        : roll < 0.4
          ? { kind: "on-sale", startsAt: event.publicSale.startsAt }
          : roll < 0.6
            ? { kind: "price-dropped", from: { ...price, minMinor: Math.floor(price.minMinor * 1.3) }, to: price }
            : roll < 0.7
              ? { kind: "status-changed", from: "onsale", to: "postponed", start: null }
              : roll < 0.9
                ? { kind: "sale-reminder", sale: "public", presale: null, startsAt: "2026-03-06T10:00:00Z", threshold: "1h" }
                : { kind: "presale-scheduled", presale: "Fan Presale", startsAt: "2026-03-05T10:00:00Z", endsAt: null };
    return { change, event: { ...event, priceRange: change.kind === "price-dropped" ? price : event.priceRange } };
  });
}

/** Some earlier alerts, so re-arm rules read a non-empty history. */
function makeHistory(random: () => number, watches: readonly MatchableWatch[], changes: readonly EventChange[]): PastAlert[] {
  const alerts: PastAlert[] = [];
  for (let i = 0; i < Math.min(watches.length, changes.length * 20); i++) {
    const c = changes[Math.floor(random() * changes.length)]!;
    alerts.push({ watchId: watches[i]!.id, provider: "ticketmaster", eventId: c.event.id, stage: "price", bucket: "GBP:9000", priceMinor: 9000, currency: "GBP", decidedAt: "2026-03-01T00:00:00Z" });
  }
  return alerts;
}

/** The seeded synthetic population: watches, changed events and some alert history. */
export function buildMatcherPopulation(watchCount: number, eventCount: number, seed = 20260301) {
  const random = createRandom(seed);
  const world = buildWorld(random, watchCount);
  const watches = makeWatches(random, world, watchCount);
  const changes = makeChanges(random, world, eventCount);
  const history = createAlertHistory(makeHistory(random, watches, changes));
  return { watches, changes, history, now: new Date("2026-03-02T12:00:00Z") };
}

/** Runs the benchmark and returns its figures (the lead's bench/run.ts calls this). */
export async function runMatcherBench(options: MatcherBenchOptions = {}): Promise<MatcherBenchResult> {
  const watchCount = options.watches ?? (options.quick ? 10_000 : 100_000);
  const eventCount = options.events ?? (options.quick ? 200 : 1_000);
  // Warm the JIT on a small population first, so the timed run measures the matcher, not the compiler.
  const warm = buildMatcherPopulation(2_000, 50, 1);
  matchChanges({ changes: warm.changes, index: indexWatches(warm.watches), history: warm.history, now: warm.now });
  const { watches, changes, history, now } = buildMatcherPopulation(watchCount, eventCount, options.seed);

  let started = performance.now();
  const index = indexWatches(watches);
  const indexMs = performance.now() - started;
  started = performance.now();
  const decisions = matchChanges({ changes, index, history, now });
  const matchMs = performance.now() - started;

  // The baseline scans every watch for every event; a subset keeps it to a few seconds.
  const naiveWatches = Math.min(watchCount, options.quick ? 5_000 : 20_000);
  const naiveEvents = Math.min(eventCount, options.quick ? 50 : 100);
  const subsetWatches = watches.slice(0, naiveWatches);
  const subsetChanges = changes.slice(0, naiveEvents);
  started = performance.now();
  const naive = matchChanges({ changes: subsetChanges, index: indexWatches(subsetWatches, { isFullScan: true }), history, now });
  const naiveSubsetMs = performance.now() - started;
  const indexedSubset = matchChanges({ changes: subsetChanges, index: indexWatches(subsetWatches), history, now });
  const keys = (list: { idempotencyKey: string }[]) => list.map((d) => d.idempotencyKey).sort().join("\n");

  const matcherMs = indexMs + matchMs;
  const candidatePairs = changes.reduce((sum, c) => sum + findCandidates(index, readEventFacts(c.event)).length, 0);
  const naiveEstimatedMs = naiveSubsetMs * ((watchCount * eventCount) / (naiveWatches * naiveEvents));
  return {
    watches: watchCount,
    events: eventCount,
    matcherMs: round(matcherMs),
    indexMs: round(indexMs),
    matchMs: round(matchMs),
    decisions: decisions.length,
    candidatePairs,
    naiveWatches,
    naiveEvents,
    naiveSubsetMs: round(naiveSubsetMs),
    naiveEstimatedMs: round(naiveEstimatedMs),
    ratio: round(naiveEstimatedMs / matcherMs),
    isNaiveAgreeing: keys(naive) === keys(indexedSubset),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function readFlag(args: string[], name: string): number | undefined {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? Number(args[at + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const result = await runMatcherBench({ quick: args.includes("--quick"), watches: readFlag(args, "--watches"), events: readFlag(args, "--events") });
  console.log(`matcher: ${result.watches.toLocaleString("en")} watches × ${result.events.toLocaleString("en")} changed events`);
  console.log(`  indexed: ${result.matcherMs} ms (index ${result.indexMs} ms + match ${result.matchMs} ms), ${result.decisions} alerts decided`);
  console.log(`  pairs checked: ${result.candidatePairs.toLocaleString("en")} of ${(result.watches * result.events).toLocaleString("en")}`);
  console.log(
    `  naive cross product: ${result.naiveSubsetMs} ms on ${result.naiveWatches.toLocaleString("en")} × ${result.naiveEvents} ` +
      `→ ~${result.naiveEstimatedMs} ms at full size (ratio ${result.ratio}×, same alerts on the subset: ${result.isNaiveAgreeing})`,
  );
  if (args.includes("--json")) console.log(JSON.stringify(result));
}
