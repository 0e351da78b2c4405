import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events as eventsTable } from "@/db/schema";
import type { Event } from "@/server/providers/types";
import { buildCalendarForToken } from "@/server/services/calendar";
import { recordObservedEvents } from "@/server/services/events";
import { buildEvent } from "./delivery-fixtures";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

const APP_URL = "https://seatwatch.example";
const YEAR = new Date().getUTCFullYear() + 1;
const sourceNow = new Date();
let database: TestDatabase;
let fan: Awaited<ReturnType<typeof insertTestUser>>;
let other: Awaited<ReturnType<typeof insertTestUser>>;
const rowIdOf: Record<string, string> = {};

const LONG_NAME = "Arctic Monkeys — Première, Night 1; with ünïcödé strings, commas and a \\ backslash that runs well past one line";

function timed(id: string, name: string, day: string, extra: Partial<Event> = {}) {
  return buildEvent(id, {
    name,
    start: { localDate: `${YEAR}-06-${day}`, localTime: "19:30:00", dateTime: `${YEAR}-06-${day}T18:30:00Z`, timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false },
    publicSale: { startsAt: `${YEAR}-03-06T10:00:00Z`, endsAt: `${YEAR}-06-${day}T18:00:00Z` },
    ...extra,
  });
}

interface Parsed {
  physical: string[];
  calendar: Map<string, string>;
  events: Map<string, string>[];
}

/** A strict reader of what we promise: CRLF only, lines of at most 75 octets, folding, TEXT escapes. */
function parseIcs(text: string): Parsed {
  expect(text.endsWith("\r\n")).toBe(true);
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  const physical = text.slice(0, -2).split("\r\n");
  for (const line of physical) expect(Buffer.byteLength(line, "utf8"), line).toBeLessThanOrEqual(75);
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(" ")) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  const unescape = (value: string) => value.replace(/\\([\\;,nN])/g, (_match, char: string) => (char === "n" || char === "N" ? "\n" : char));
  const calendar = new Map<string, string>();
  const events: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  expect(logical[0]).toBe("BEGIN:VCALENDAR");
  expect(logical.at(-1)).toBe("END:VCALENDAR");
  for (const line of logical.slice(1, -1)) {
    const colon = line.indexOf(":");
    expect(colon, line).toBeGreaterThan(0);
    const [name, value] = [line.slice(0, colon), line.slice(colon + 1)];
    // An unescaped comma or semicolon in a TEXT value would split it for a reader.
    if (["SUMMARY", "DESCRIPTION", "LOCATION", "UID", "X-WR-CALNAME", "X-WR-CALDESC"].includes(name)) expect(value, line).not.toMatch(/(?<!\\)(?:\\\\)*[;,]/);
    if (line === "BEGIN:VEVENT") current = new Map();
    else if (line === "END:VEVENT") {
      events.push(current!);
      current = null;
    } else (current ?? calendar).set(name, name === "URL" ? value : unescape(value));
  }
  return { physical, calendar, events };
}

async function feedTokenOf(caller: ReturnType<typeof callerFor>) {
  const feed = await caller.calendar.get();
  return feed ? feed.path.split("/").pop()! : null;
}

beforeAll(async () => {
  database = await createTestDatabase();
  fan = await insertTestUser(database, { name: "Ann" });
  other = await insertTestUser(database, { name: "Ben" });
  const ann = callerFor(database, fan);
  await ann.watches.create({ name: "Arctic Monkeys", keyword: "Arctic Monkeys" });
  const paused = await ann.watches.create({ name: "Paused one", keyword: "Paused Band" });
  await ann.watches.pause({ id: paused.id });
  await callerFor(database, other).watches.create({ name: "Ben's", keyword: "Other Band" });
  await recordObservedEvents(
    database.db,
    [
      timed("cal-long", LONG_NAME, "12", { presales: [{ name: "Fan club; early, VIP", startsAt: `${YEAR}-03-01T09:00:00Z`, endsAt: `${YEAR}-03-02T22:00:00Z` }] }),
      buildEvent("cal-tba", { name: "Arctic Monkeys TBA", start: { localDate: `${YEAR}-07-01`, localTime: null, dateTime: null, timezone: "Europe/London", isTba: false, isTbd: true, hasNoSpecificTime: true }, publicSale: { startsAt: `${YEAR}-04-01T09:00:00Z`, endsAt: null } }),
      timed("cal-other", "Other Band live", "14"),
      timed("cal-paused", "Paused Band live", "15"),
    ],
    { now: new Date(), sourceNow },
  );
  for (const row of await database.db.select().from(eventsTable)) rowIdOf[row.providerEventId] = row.id;
});
afterAll(async () => {
  await database?.destroy();
});

describe("the private calendar feed", () => {
  it("has no URL until the fan creates one, and only for signed-in fans", async () => {
    expect(await callerFor(database, fan).calendar.get()).toBeNull();
    const error = await callerFor(database, null).calendar.regenerate().catch((caught: unknown) => caught);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });

  it("lists the fan's matched events with presale and on-sale windows as entries, escaped, folded, CRLF", async () => {
    const ann = callerFor(database, fan);
    const created = await ann.calendar.regenerate();
    expect(created.path).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{43}$/);
    const text = await buildCalendarForToken(database.db, (await feedTokenOf(ann))!, { sourceNow, appUrl: APP_URL });
    const { physical, calendar, events } = parseIcs(text!);
    expect(calendar.get("VERSION")).toBe("2.0");
    expect(physical.some((line) => line.startsWith(" "))).toBe(true);

    const byUid = new Map(events.map((entry) => [entry.get("UID")!, entry]));
    expect([...byUid.keys()].sort()).toEqual([
      "event-ticketmaster-cal-long@seatwatch",
      "event-ticketmaster-cal-tba@seatwatch",
      "onsale-ticketmaster-cal-long@seatwatch",
      "onsale-ticketmaster-cal-tba@seatwatch",
      "presale-ticketmaster-cal-long-fan-club-early-vip@seatwatch",
    ]);
    const show = byUid.get("event-ticketmaster-cal-long@seatwatch")!;
    expect(show.get("SUMMARY")).toBe(LONG_NAME);
    expect(show.get("DTSTART")).toBe(`${YEAR}0612T183000Z`);
    expect(show.get("DTEND")).toBe(`${YEAR}0612T213000Z`);
    expect(show.get("LOCATION")).toBe("The O2, London, GB");
    expect(show.get("URL")).toMatch(/^https:\/\/www\.ticketmaster\.co\.uk\//);
    expect(show.get("DESCRIPTION")).toContain(`Matched by: Arctic Monkeys\nOfficial page: https://www.ticketmaster.co.uk/`);
    expect(show.get("DESCRIPTION")).toContain(`${APP_URL}/events/${rowIdOf["cal-long"]}`);
    const presale = byUid.get("presale-ticketmaster-cal-long-fan-club-early-vip@seatwatch")!;
    expect(presale.get("SUMMARY")).toBe(`Presale: Fan club; early, VIP — ${LONG_NAME}`);
    expect([presale.get("DTSTART"), presale.get("DTEND")]).toEqual([`${YEAR}0301T090000Z`, `${YEAR}0302T220000Z`]);
    // The public sale runs for months: one hour at its opening, not a three-month block.
    const onsale = byUid.get("onsale-ticketmaster-cal-long@seatwatch")!;
    expect([onsale.get("DTSTART"), onsale.get("DTEND")]).toEqual([`${YEAR}0306T100000Z`, `${YEAR}0306T110000Z`]);
    const tba = byUid.get("event-ticketmaster-cal-tba@seatwatch")!;
    expect([tba.get("DTSTART;VALUE=DATE"), tba.get("DTEND;VALUE=DATE")]).toEqual([`${YEAR}0701`, `${YEAR}0702`]);
  });

  it("keeps every UID and byte stable across fetches, and drops sale windows for an event the fan bought", async () => {
    const ann = callerFor(database, fan);
    const token = (await feedTokenOf(ann))!;
    const first = await buildCalendarForToken(database.db, token, { sourceNow, appUrl: APP_URL });
    expect(await buildCalendarForToken(database.db, token, { sourceNow, appUrl: APP_URL })).toBe(first);
    const [watch] = (await ann.watches.list()).filter((row) => row.name === "Arctic Monkeys");
    await ann.watchEvents.mute({ watchId: watch!.id, eventId: rowIdOf["cal-tba"]!, mode: "bought" });
    const uids = parseIcs((await buildCalendarForToken(database.db, token, { sourceNow, appUrl: APP_URL }))!).events.map((entry) => entry.get("UID"));
    expect(uids).toContain("event-ticketmaster-cal-tba@seatwatch");
    expect(uids).not.toContain("onsale-ticketmaster-cal-tba@seatwatch");
    expect(uids).toContain("onsale-ticketmaster-cal-long@seatwatch");
  });

  it("stops answering an old URL once regenerated or revoked, and for unknown or malformed tokens or a disabled fan", async () => {
    const ann = callerFor(database, fan);
    const old = (await feedTokenOf(ann))!;
    await ann.calendar.regenerate();
    const fresh = (await feedTokenOf(ann))!;
    expect(fresh).not.toBe(old);
    expect(await buildCalendarForToken(database.db, old, { sourceNow, appUrl: APP_URL })).toBeNull();
    expect(await buildCalendarForToken(database.db, fresh, { sourceNow, appUrl: APP_URL })).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(await buildCalendarForToken(database.db, "x".repeat(43), { sourceNow, appUrl: APP_URL })).toBeNull();
    expect(await buildCalendarForToken(database.db, "' or 1=1 --", { sourceNow, appUrl: APP_URL })).toBeNull();

    const admin = await insertTestUser(database, { role: "admin" });
    await callerFor(database, admin).admin.users.setDisabled({ userId: fan.id, isDisabled: true });
    expect(await buildCalendarForToken(database.db, fresh, { sourceNow, appUrl: APP_URL })).toBeNull();
    await callerFor(database, admin).admin.users.setDisabled({ userId: fan.id, isDisabled: false });

    expect(await ann.calendar.revoke()).toEqual({ isRevoked: true });
    expect(await buildCalendarForToken(database.db, fresh, { sourceNow, appUrl: APP_URL })).toBeNull();
    expect(await ann.calendar.get()).toBeNull();
  });
});
