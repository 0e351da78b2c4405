import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordObservedEvents } from "@/server/services/events";
import { buildEvent } from "./delivery-fixtures";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

const ARSENAL = { id: "K8vZ9171ob7", name: "Arsenal" };
const CHELSEA = { id: "K8vZ9171oZf", name: "Chelsea" };
const LAKERS = { id: "K8vZ91718T0", name: "Los Angeles Lakers" };
const SPURS = { id: "K8vZ9171oa7", name: "Tottenham Hotspur" };
const YEAR = new Date().getUTCFullYear() + 1;

let database: TestDatabase;
type Fan = Awaited<ReturnType<typeof insertTestUser>>;
const fans: Record<string, Fan> = {};

async function watch(fan: Fan, ...attractions: { id: string; name: string }[]) {
  return callerFor(database, fan).watches.create({ name: attractions.map((a) => a.name).join(" + "), attractions });
}

const suggestionsOf = async (fan: Fan) => (await callerFor(database, fan).suggestions.attractions()).suggestions;

beforeAll(async () => {
  database = await createTestDatabase();
  for (const name of ["ann", "ben", "cat", "dan", "eve", "fay", "gus"]) fans[name] = await insertTestUser(database, { name });
});
afterAll(async () => {
  await database?.destroy();
});

describe("suggestions", () => {
  it("offers the attractions with the most upcoming events while no fan watches anything", async () => {
    const at = (id: string, day: string, attraction: { id: string; name: string }) =>
      buildEvent(id, { attractions: [{ ...attraction, url: null, classification: null }], start: { localDate: `${YEAR}-05-${day}`, localTime: "15:00:00", dateTime: `${YEAR}-05-${day}T14:00:00Z`, timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false } });
    await recordObservedEvents(database.db, [at("s-1", "01", CHELSEA), at("s-2", "08", CHELSEA), at("s-3", "09", LAKERS), buildEvent("s-past", { attractions: [{ ...SPURS, url: null, classification: null }] })], { now: new Date(), sourceNow: new Date() });
    expect(await suggestionsOf(fans.gus!)).toEqual([
      { basis: "upcoming", attraction: CHELSEA, events: 2 },
      { basis: "upcoming", attraction: LAKERS, events: 1 },
    ]);
  });

  it("says which fans' other watches go with mine, only where at least two other fans agree", async () => {
    await watch(fans.ann!, ARSENAL);
    await watch(fans.ben!, ARSENAL, CHELSEA);
    await watch(fans.cat!, ARSENAL);
    await watch(fans.cat!, CHELSEA);
    // One fan alone is not enough to suggest from (it would reveal that fan's list).
    await watch(fans.dan!, ARSENAL, LAKERS);
    await watch(fans.eve!, SPURS);
    await watch(fans.fay!, SPURS);
    expect(await suggestionsOf(fans.ann!)).toEqual([{ basis: "co-watched", attraction: CHELSEA, because: ARSENAL, fans: 2 }]);
  });

  it("falls back to the most-watched attractions for a fan with no watches, never one they watch", async () => {
    expect(await suggestionsOf(fans.gus!)).toEqual([
      { basis: "popular", attraction: ARSENAL, fans: 4 },
      { basis: "popular", attraction: CHELSEA, fans: 2 },
      { basis: "popular", attraction: SPURS, fans: 2 },
    ]);
    expect((await suggestionsOf(fans.eve!)).map((item) => item.attraction.id)).not.toContain(SPURS.id);
  });

  it("forgets deleted watches and disabled fans", async () => {
    const admin = await insertTestUser(database, { role: "admin" });
    await callerFor(database, admin).admin.users.setDisabled({ userId: fans.cat!.id, isDisabled: true });
    const [benWatch] = await callerFor(database, fans.ben!).watches.list();
    await callerFor(database, fans.ben!).watches.delete({ id: benWatch!.id });
    const suggestions = await suggestionsOf(fans.ann!);
    expect(suggestions.every((item) => item.basis === "popular")).toBe(true);
    expect(suggestions).toEqual([{ basis: "popular", attraction: SPURS, fans: 2 }]);
  });
});
