/**
 * A small hand-written world with fixed ids and dates (world start 2026-06-01T09:00:00Z), covering every
 * quirk of providers.md 7 item 11 and every timeline op. Stable across builds, so tests of the fake and of
 * the Discovery client can assert exact values.
 */
import type { TimelineStep, World } from "../ticketmaster/types";
import { CLASSIFICATIONS } from "./classifications";
import { FIXTURE_ATTRACTIONS as A, FIXTURE_VENUES as V, makeFixtureEvent as makeEvent } from "./fixture-parts";

export const FIXTURE_START = "2026-06-01T09:00:00Z";
const HOUR = 3_600_000;

/** Ids of the fixture's events, named by what each one exercises. */
export const FIXTURE_IDS = {
  footballMain: "vvG1zZ9Kd3fRt",
  footballSuite: "Za5ju3rKuqZDd3QfYg1Nq8sXZkXbUJ4dJ1",
  nbaMain: "Z7r9jZ1AdJ8vP",
  nbaSuite: "Za5ju3rKuqZAkA7Fk0Jd4sPq2LmNo9rTb",
  nbaPass: "Za5ju3rKuqZAkA7Fk0Jd4sPq2LmNo9rTc",
  placeholderSale: "G5vYZ9_Kf-1aB",
  upcomingSale: "vvG1fZ4pQx8Lm",
  noSpecificTime: "vvG1fZ4pQx8Ln",
  tba: "vvG1IZ4TBA001",
  tbd: "vvG1IZ4TBD002",
  cancelled: "Z7r9jZ1AdCanc",
  canceledSpelling: "Z7r9jZ1AdCan2",
  rescheduled: "Z7r9jZ1AdResc",
  past: "vvG1PastEvt01",
  announced: "vvG1NewEvent01",
} as const;

const I = FIXTURE_IDS;
const football = { venue: V.emirates, attractions: [A.arsenal, A.chelsea], local: "2026-06-20T15:00:00", utc: "2026-06-20T14:00:00Z" };
const nba = { venue: V.cryptoArena, attractions: [A.lakers, A.celtics], local: "2026-06-10T19:30:00", utc: "2026-06-11T02:30:00Z" };

function buildEvents() {
  return [
    makeEvent({ ...football, id: I.footballMain, name: "Arsenal v Chelsea", extra: {
      url: "https://www.ticketmaster.co.uk/arsenal-v-chelsea-london-20-06-2026/event/1F005F3C9A8B2D41",
      priceRanges: [{ type: "standard", currency: "GBP", min: 45, max: 120 }],
      promoter: { id: "494", name: "Arsenal Ticket Office", description: "ARSENAL TICKET OFFICE / NTL / GB" },
      sales: { presales: [
        { name: "Season Ticket Holder Priority", startDateTime: "2026-04-28T09:00:00Z", endDateTime: "2026-04-29T09:00:00Z" },
        { name: "Members Priority Sale", startDateTime: "2026-04-29T09:00:00Z", endDateTime: "2026-04-30T09:00:00Z" },
      ] },
      seatmap: { staticUrl: "https://maps.ticketmaster.com/maps/geometry/3/event/1F005F3C9A8B2D41/staticImage?type=png&systemId=HOST" },
      ticketLimit: { info: "There is an overall 4 ticket limit for this event." },
    } }),
    makeEvent({ ...football, id: I.footballSuite, name: "Arsenal v Chelsea - Hospitality SUITE", extra: { priceRanges: [{ type: "standard", currency: "GBP", min: 295, max: 595 }] } }),
    makeEvent({ ...nba, id: I.nbaMain, name: "Los Angeles Lakers vs. Boston Celtics", extra: { dates: { timezone: null } } }),
    makeEvent({ ...nba, id: I.nbaSuite, name: "SUITE: Lakers vs. Celtics", classification: CLASSIFICATIONS.otherPlaceholder }),
    makeEvent({ ...nba, id: I.nbaPass, name: "Parking PASS: Lakers vs. Celtics", classification: CLASSIFICATIONS.undefinedPlaceholder, attractions: [] }),
    makeEvent({ id: I.placeholderSale, name: "The Paper Lanterns: Glow In The Dark Tour", venue: V.threeArena, attractions: [A.paperLanterns],
      local: "2026-07-03T20:00:00", utc: "2026-07-03T19:00:00Z", publicSale: { startDateTime: "1900-01-01T18:00:00Z" }, extra: { sales: { presales: [] } } }),
    makeEvent({ id: I.upcomingSale, name: "Mira Vale: Northern Hours", venue: V.uberArena, attractions: [A.miraVale],
      local: "2026-07-15T20:00:00", utc: "2026-07-15T18:00:00Z", status: "offsale", publicSale: { startDateTime: "2026-06-05T09:00:00Z" },
      extra: { sales: { presales: [{ name: "Artist Presale", startDateTime: "2026-06-03T09:00:00Z", endDateTime: "2026-06-04T09:00:00Z" }] } } }),
    makeEvent({ id: I.noSpecificTime, name: "Mira Vale: Northern Hours", venue: V.longBeach, attractions: [A.miraVale],
      local: "2026-08-01T00:00:00", utc: "2026-08-01T07:00:00Z",
      extra: { dates: { start: { localTime: null, dateTime: null, noSpecificTime: true } }, priceRanges: [{ type: "standard", currency: "USD", min: 39.5, max: 149.5 }] } }),
    makeEvent({ id: I.tba, name: "The Paper Lanterns: Glow In The Dark Tour", venue: V.emirates, attractions: [A.paperLanterns], status: "postponed",
      extra: { dates: { initialStartDate: { localDate: "2026-06-12", localTime: "19:30:00", dateTime: "2026-06-12T18:30:00Z" } } } }),
    makeEvent({ id: I.tbd, name: "Summer Fan Festival", venue: V.cryptoArena, classification: CLASSIFICATIONS.undefinedPlaceholder,
      local: "2026-09-05T12:00:00", utc: "2026-09-05T19:00:00Z", extra: { dates: { start: { dateTBD: true } } } }),
    makeEvent({ ...football, id: I.cancelled, name: "Chelsea v Arsenal", attractions: [A.chelsea, A.arsenal], status: "cancelled", local: "2026-06-27T17:30:00", utc: "2026-06-27T16:30:00Z" }),
    makeEvent({ ...nba, id: I.canceledSpelling, name: "Boston Celtics vs. Los Angeles Lakers", status: "canceled", local: "2026-06-14T19:00:00", utc: "2026-06-15T02:00:00Z" }),
    makeEvent({ ...nba, id: I.rescheduled, name: "Los Angeles Lakers vs. Boston Celtics", status: "rescheduled", local: "2026-06-24T19:30:00", utc: "2026-06-25T02:30:00Z",
      extra: { dates: { initialStartDate: { localDate: "2026-06-17", localTime: "19:30:00", dateTime: "2026-06-18T02:30:00Z" } } } }),
    makeEvent({ ...football, id: I.past, name: "Arsenal v Fulham", attractions: [A.arsenal], local: "2026-05-20T20:00:00", utc: "2026-05-20T19:00:00Z" }),
  ];
}

function buildTimeline(): TimelineStep[] {
  const announced = makeEvent({ id: I.announced, name: "Mira Vale: Northern Hours", venue: V.threeArena, attractions: [A.miraVale],
    local: "2026-08-20T20:00:00", utc: "2026-08-20T19:00:00Z", status: "offsale", publicSale: { startDateTime: "2026-06-08T09:00:00Z" } });
  return [
    { at: 1 * HOUR, op: "add", event: announced, note: "event announced" },
    { at: 2 * HOUR, op: "patch", id: I.nbaMain, event: { priceRanges: [{ type: "standard", currency: "USD", min: 89, max: 450 }] }, note: "price range published" },
    { at: 3 * HOUR, op: "patch", id: I.footballMain, event: { priceRanges: [{ type: "standard", currency: "GBP", min: 30, max: 120 }] }, note: "price dropped" },
    { at: 4 * HOUR, op: "patch", id: I.nbaMain, event: { dates: { status: { code: "postponed" } } }, note: "postponed" },
    { at: 5 * HOUR, op: "patch", id: I.announced, event: { sales: { presales: [{ name: "Verified Fan Presale", startDateTime: "2026-06-06T09:00:00Z", endDateTime: "2026-06-07T09:00:00Z" }] } }, note: "presale scheduled" },
    { at: 6 * HOUR, op: "patch", id: I.footballSuite, event: { priceRanges: null }, note: "price range withdrawn" },
    { at: 7 * HOUR, op: "remove", id: I.nbaPass, note: "event removed without notice" },
    { at: 8 * HOUR, op: "patch", id: I.nbaMain, event: { dates: { status: { code: "rescheduled" }, start: { localDate: "2026-06-30", localTime: "19:30:00", dateTime: "2026-07-01T02:30:00Z" } } }, note: "rescheduled" },
    { at: 10 * HOUR, op: "patch", id: I.footballMain, event: { dates: { status: { code: "cancelled" } } }, note: "cancelled" },
    { at: 2 * 24 * HOUR, op: "patch", id: I.upcomingSale, event: { dates: { status: { code: "onsale" } } }, note: "presale opens" },
    { at: 5 * 24 * HOUR, op: "patch", id: I.announced, event: { dates: { status: { code: "onsale" } } }, note: "presale opens" },
  ];
}

export function buildFixtureWorld(): World {
  return {
    startAt: FIXTURE_START,
    events: buildEvents(),
    attractions: Object.values(A),
    venues: Object.values(V),
    timeline: buildTimeline(),
  };
}
