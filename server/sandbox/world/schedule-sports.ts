/**
 * Sports fixtures of the sandbox world: Premier League gameweeks in GB, NBA and NFL games in the US (plus
 * NFL games in London and Munich), each sometimes with add-on "events" (SUITE, PASS, POST GAME) that the real
 * API lists separately for one game (providers.md 1.8, thunder_tickets report).
 */
import { NBA_TEAMS, NFL_TEAMS, PREMIER_LEAGUE_CLUBS, type TeamSeed } from "./catalog-attractions";
import { CLASSIFICATIONS } from "./classifications";
import type { EventBase, WorldContext } from "./event-factory";
import { readCurrency, requireAttraction, requireVenue, type WorldCatalog } from "./world-catalog";
import { addDaysToDate, findWeekdayOnOrAfter, readWeekday, shiftDate } from "./zoned-time";
import type { TmClassification, TmVenue } from "../ticketmaster/types";

/** One real-world occasion: the main event first, then its add-ons. */
export type Fixture = EventBase[];

const FOOTBALL_ROUNDS = 6;
const NBA_GAMES = 40;
const NFL_WEEKS = 8;

function makeGame(
  catalog: WorldCatalog,
  home: TeamSeed,
  away: TeamSeed,
  when: { date: string; time: string },
  style: { separator: string; classification: TmClassification; basePrice: number; venue?: TmVenue; suffix?: string },
): EventBase {
  const venue = style.venue ?? requireVenue(catalog, home.home);
  return {
    name: `${home.name}${style.separator}${away.name}${style.suffix ?? ""}`,
    venue,
    attractions: [requireAttraction(catalog, home.name), requireAttraction(catalog, away.name)],
    classification: style.classification,
    localDate: when.date,
    localTime: when.time,
    currency: readCurrency(venue),
    basePrice: style.basePrice,
    promoterName: `${home.name} Ticket Office`,
  };
}

function makeAddOn(main: EventBase, label: string, basePrice: number): EventBase {
  return { ...main, name: label, basePrice, isAddOn: true };
}

export function scheduleFootball(ctx: WorldContext, catalog: WorldCatalog): Fixture[] {
  const { random } = ctx;
  const firstSaturday = findWeekdayOnOrAfter(ctx.startMs, 2, 6);
  const slots: [number, string][] = [
    [0, "12:30:00"], [0, "15:00:00"], [0, "15:00:00"], [0, "15:00:00"], [0, "15:00:00"],
    [0, "17:30:00"], [1, "14:00:00"], [1, "14:00:00"], [1, "16:30:00"], [2, "20:00:00"],
  ];
  const fixtures: Fixture[] = [];
  for (let round = 0; round < FOOTBALL_ROUNDS; round += 1) {
    const clubs = random.shuffle(PREMIER_LEAGUE_CLUBS);
    const roundSlots = random.shuffle(slots);
    for (let i = 0; i + 1 < clubs.length; i += 2) {
      const [dayOffset, time] = roundSlots[i / 2] ?? [0, "15:00:00"];
      const date = shiftDate(firstSaturday, round * 7 + dayOffset);
      const main = makeGame(catalog, clubs[i] as TeamSeed, clubs[i + 1] as TeamSeed, { date, time }, {
        separator: " v ",
        classification: CLASSIFICATIONS.football,
        basePrice: random.int(30, 65),
      });
      const fixture: Fixture = [main];
      if (random.chance(0.15)) fixture.push(makeAddOn(main, `${main.name} - Hospitality SUITE`, 295));
      fixtures.push(fixture);
    }
  }
  return fixtures;
}

function pickPair(ctx: WorldContext, teams: readonly TeamSeed[]): [TeamSeed, TeamSeed] {
  const [home, away] = ctx.random.shuffle(teams);
  return [home as TeamSeed, away as TeamSeed];
}

function addUsAddOns(ctx: WorldContext, main: EventBase, home: TeamSeed, away: TeamSeed, fixture: Fixture, isNba: boolean): void {
  const matchup = `${home.short} vs. ${away.short}`;
  if (isNba && ctx.random.chance(0.45)) {
    fixture.push(makeAddOn(main, `SUITE: ${matchup}`, 450));
    if (ctx.random.chance(0.5)) fixture.push(makeAddOn(main, `Parking PASS: ${matchup}`, 25));
    if (ctx.random.chance(0.3)) fixture.push(makeAddOn(main, `POST GAME: ${matchup}`, 15));
  } else if (!isNba && ctx.random.chance(0.4)) {
    fixture.push({ ...makeAddOn(main, `Parking PASS: ${matchup}`, 40), classification: CLASSIFICATIONS.otherPlaceholder });
  }
}

export function scheduleNba(ctx: WorldContext, catalog: WorldCatalog): Fixture[] {
  const { random } = ctx;
  const fixtures: Fixture[] = [];
  for (let game = 0; game < NBA_GAMES; game += 1) {
    const [home, away] = pickPair(ctx, NBA_TEAMS);
    const date = addDaysToDate(ctx.startMs, 1 + Math.floor((game * 70) / NBA_GAMES) + random.int(0, 1));
    const time = readWeekday(date) === 0 ? "15:30:00" : random.pick(["19:00:00", "19:30:00", "19:30:00", "20:00:00"]);
    const main = makeGame(catalog, home, away, { date, time }, {
      separator: " vs. ",
      classification: CLASSIFICATIONS.basketball,
      basePrice: random.int(40, 130),
    });
    const fixture: Fixture = [main];
    addUsAddOns(ctx, main, home, away, fixture, true);
    fixtures.push(fixture);
  }
  return fixtures;
}

export function scheduleNfl(ctx: WorldContext, catalog: WorldCatalog): Fixture[] {
  const { random } = ctx;
  const firstSunday = findWeekdayOnOrAfter(ctx.startMs, 3, 0);
  const fixtures: Fixture[] = [];
  for (let week = 0; week < NFL_WEEKS; week += 1) {
    const teams = random.shuffle(NFL_TEAMS);
    for (let i = 0; i + 1 < teams.length; i += 2) {
      const home = teams[i] as TeamSeed;
      const away = teams[i + 1] as TeamSeed;
      const [dayOffset, time] = random.pick<[number, string]>([[0, "12:00:00"], [0, "15:25:00"], [0, "19:20:00"], [-3, "19:15:00"], [1, "19:15:00"]]);
      const main = makeGame(catalog, home, away, { date: shiftDate(firstSunday, week * 7 + dayOffset), time }, {
        separator: " vs. ",
        classification: CLASSIFICATIONS.americanFootball,
        basePrice: random.int(90, 180),
      });
      const fixture: Fixture = [main];
      addUsAddOns(ctx, main, home, away, fixture, false);
      fixtures.push(fixture);
    }
  }
  const [bears, packers, broncos, raiders] = ["Chicago Bears", "Green Bay Packers", "Denver Broncos", "Las Vegas Raiders"].map(
    (name) => NFL_TEAMS.find((team) => team.name === name) as TeamSeed,
  ) as [TeamSeed, TeamSeed, TeamSeed, TeamSeed];
  fixtures.push([makeGame(catalog, bears, packers, { date: shiftDate(firstSunday, 21), time: "14:30:00" }, {
    separator: " vs. ", classification: CLASSIFICATIONS.americanFootball, basePrice: 95, venue: requireVenue(catalog, "spurs"), suffix: " - NFL London Game",
  })]);
  fixtures.push([makeGame(catalog, broncos, raiders, { date: shiftDate(firstSunday, 35), time: "15:30:00" }, {
    separator: " vs. ", classification: CLASSIFICATIONS.americanFootball, basePrice: 110, venue: requireVenue(catalog, "allianz-arena"), suffix: " - NFL Munich Game",
  })]);
  return fixtures;
}
