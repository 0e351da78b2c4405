/**
 * The built-in sandbox world: ~300 vendor-shaped Discovery events (Premier League football, NBA, NFL,
 * concerts, theatre, oddities) in GB, US, IE and DE, dated relative to `startAt` so it never goes stale,
 * plus a 30-day timeline of the changes fans watch for. Deterministic for a given seed and start.
 */
import type { World } from "../ticketmaster/types";
import { composeEvent, countDaysBetween, type ComposedEvent, type WorldContext } from "./event-factory";
import { drawTraits } from "./event-traits";
import { IdFactory } from "./ids";
import { createRandom } from "./random";
import { scheduleConcerts, scheduleOdds, scheduleTheatre } from "./schedule-arts";
import { scheduleFootball, scheduleNba, scheduleNfl, type Fixture } from "./schedule-sports";
import { buildTimeline } from "./timeline";
import { buildWorldCatalog } from "./world-catalog";
import { convertLocalToUtc } from "./zoned-time";

export const DEFAULT_SANDBOX_SEED = 20_260_101;

/** Add-ons share the main event's date; their sale phase follows the main one, as one on-sale covers both. */
function composeFixture(fixture: Fixture, ctx: WorldContext): ComposedEvent[] {
  const [main, ...addOns] = fixture;
  if (!main) return [];
  const startMs = convertLocalToUtc(main.localDate, main.localTime, main.venue.timezone ?? "UTC");
  const mainTraits = drawTraits(ctx.random, countDaysBetween(ctx.startMs, startMs));
  const composed = [composeEvent(main, mainTraits, ctx)];
  for (const addOn of addOns) {
    const traits = { ...drawTraits(ctx.random, countDaysBetween(ctx.startMs, startMs)), phase: mainTraits.phase };
    composed.push(composeEvent(addOn, traits, ctx));
  }
  return composed;
}

/** Starts a world at the top of the minute, so two builds in the same minute serve identical dates. */
function normalizeStart(startAt: Date): number {
  return Math.floor(startAt.getTime() / 60_000) * 60_000;
}

export function buildSandboxWorld(seed: number = DEFAULT_SANDBOX_SEED, startAt: Date = new Date()): World {
  const startMs = normalizeStart(startAt);
  const random = createRandom(seed);
  const ctx: WorldContext = { random, ids: new IdFactory(random), startMs };
  const catalog = buildWorldCatalog(ctx);
  const fixtures = [
    ...scheduleFootball(ctx, catalog),
    ...scheduleNba(ctx, catalog),
    ...scheduleNfl(ctx, catalog),
    ...scheduleConcerts(ctx, catalog),
    ...scheduleTheatre(ctx, catalog),
    ...scheduleOdds(ctx, catalog),
  ];
  const composed = fixtures
    .filter((fixture) => {
      const main = fixture[0];
      return main !== undefined && convertLocalToUtc(main.localDate, main.localTime, main.venue.timezone ?? "UTC") > startMs;
    })
    .flatMap((fixture) => composeFixture(fixture, ctx));
  const timeline = buildTimeline(ctx, catalog, composed);
  return {
    startAt: new Date(startMs).toISOString(),
    events: composed.map((c) => c.event),
    attractions: [...catalog.attractionByName.values()],
    venues: [...catalog.venueByKey.values()],
    timeline,
  };
}
