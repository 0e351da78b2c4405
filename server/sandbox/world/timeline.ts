/**
 * The sandbox timeline: announcements, sales opening and the drama stories, spread over the horizon so
 * something a fan cares about happens every couple of world hours, starting in the first minutes.
 */
import type { TimelineStep, TmAttraction } from "../ticketmaster/types";
import { ARTISTS, NBA_TEAMS, PREMIER_LEAGUE_CLUBS, SHOWS } from "./catalog-attractions";
import { ARTS_VENUES } from "./catalog-places";
import { CLASSIFICATIONS } from "./classifications";
import { composeEvent, type ComposedEvent, type EventBase, type WorldContext } from "./event-factory";
import { drawAnnouncedTraits } from "./event-traits";
import { DRAMA_COUNTS, isEligible, planDrama, readLatestStart, type DramaKind } from "./timeline-drama";
import { planAnnouncement, planSaleArc } from "./timeline-sales";
import { makeAttraction } from "./vendor-objects";
import { readCurrency, requireAttraction, requireVenue, type WorldCatalog } from "./world-catalog";
import { addDaysToDate } from "./zoned-time";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** World time the script covers: 30 days, i.e. 12 real hours at the default sandbox speed of 60. */
export const TIMELINE_HORIZON_MS = 30 * DAY;
const ANNOUNCEMENTS = 40;
/** The first announcement lands two world minutes in, so a fresh sandbox shows news within seconds. */
const FIRST_ANNOUNCEMENT_AT = 2 * MINUTE;

/** Fictional acts that exist only through the timeline's announcements. */
const NEW_ARTISTS = [
  { name: "Cobalt Parade", genre: "rock" as const },
  { name: "Marigold Static", genre: "pop" as const },
  { name: "The Wednesday Kites", genre: "folk" as const },
];

function drawAnnouncementBase(ctx: WorldContext, catalog: WorldCatalog, newcomers: TmAttraction[], announcedAt: number): EventBase {
  const { random } = ctx;
  const localDate = addDaysToDate(announcedAt, random.int(20, 100));
  const roll = random.next();
  if (roll < 0.6) {
    const artist = random.chance(0.3) ? random.pick(newcomers) : requireAttraction(catalog, random.pick(ARTISTS).name);
    const tour = ARTISTS.find((a) => a.name === artist.name)?.tour ?? "Live";
    const venue = requireVenue(catalog, random.pick(ARTS_VENUES).key);
    const classification = artist.classifications?.[0] ?? CLASSIFICATIONS.pop;
    return { name: `${artist.name}: ${tour}`, venue, attractions: [artist], classification, localDate, localTime: "20:00:00", currency: readCurrency(venue), basePrice: random.int(35, 90), promoterName: "Live Nation" };
  }
  if (roll < 0.8) {
    const show = random.pick(SHOWS);
    const venue = requireVenue(catalog, show.venue);
    return { name: show.name, venue, attractions: [requireAttraction(catalog, show.name)], classification: CLASSIFICATIONS[show.genre], localDate, localTime: "19:30:00", currency: readCurrency(venue), basePrice: random.int(25, 70), promoterName: "LW Theatres" };
  }
  const isFootball = roll < 0.9;
  const [home, away] = random.shuffle(isFootball ? PREMIER_LEAGUE_CLUBS : NBA_TEAMS);
  if (!home || !away) throw new Error("team lists need two teams");
  const venue = requireVenue(catalog, home.home);
  return {
    name: isFootball ? `${home.name} v ${away.name} - League Cup` : `${home.name} vs. ${away.name}`,
    venue,
    attractions: [requireAttraction(catalog, home.name), requireAttraction(catalog, away.name)],
    classification: isFootball ? CLASSIFICATIONS.football : CLASSIFICATIONS.basketball,
    localDate,
    localTime: isFootball ? "19:45:00" : "19:30:00",
    currency: readCurrency(venue),
    basePrice: random.int(30, 120),
    promoterName: `${home.name} Ticket Office`,
  };
}

function planAnnouncements(ctx: WorldContext, catalog: WorldCatalog): TimelineStep[] {
  const { random } = ctx;
  const newcomers = NEW_ARTISTS.map((artist) => makeAttraction(artist.name, CLASSIFICATIONS[artist.genre], ctx.ids, random, { isFictional: true }));
  const steps: TimelineStep[] = [];
  for (let i = 0; i < ANNOUNCEMENTS; i += 1) {
    // One per slot of the horizon (jittered inside it), so announcements never bunch up or leave long gaps.
    const slot = (TIMELINE_HORIZON_MS - 2 * DAY) / ANNOUNCEMENTS;
    const at = i === 0 ? FIRST_ANNOUNCEMENT_AT : Math.round((i + random.next()) * slot);
    const base = drawAnnouncementBase(ctx, catalog, newcomers, ctx.startMs + at);
    const composed = composeEvent(base, drawAnnouncedTraits(random), ctx, ctx.startMs + at);
    steps.push(...planAnnouncement({ at, composed }, ctx, TIMELINE_HORIZON_MS));
  }
  return steps;
}

function planDramas(ctx: WorldContext, composed: ComposedEvent[]): TimelineStep[] {
  const candidates = ctx.random.shuffle(composed.map((c) => c.event).filter((event) => !event.id.startsWith("Za5ju3")));
  const used = new Set<string>();
  const steps: TimelineStep[] = [];
  for (const [kind, count] of Object.entries(DRAMA_COUNTS) as [DramaKind, number][]) {
    let told = 0;
    for (const event of candidates) {
      if (told >= count) break;
      if (used.has(event.id) || !isEligible(kind, event)) continue;
      const latestStart = readLatestStart(event, ctx, TIMELINE_HORIZON_MS);
      if (latestStart === null) continue;
      used.add(event.id);
      steps.push(...planDrama(kind, event, ctx, latestStart));
      told += 1;
    }
  }
  return steps;
}

/** All timeline steps for the world's base events, ordered by time (ties keep generation order). */
export function buildTimeline(ctx: WorldContext, catalog: WorldCatalog, composed: ComposedEvent[]): TimelineStep[] {
  const saleSteps = composed.flatMap((c) => planSaleArc(c, ctx, { notBefore: 0, horizon: TIMELINE_HORIZON_MS }));
  const steps = [...saleSteps, ...planAnnouncements(ctx, catalog), ...planDramas(ctx, composed)];
  return steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.at - b.step.at || a.index - b.index).map(({ step }) => step);
}
