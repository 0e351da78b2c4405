import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { TIER_LIMITS } from "@/server/services/tiers";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

let database: TestDatabase;
let alice: Awaited<ReturnType<typeof insertTestUser>>;
let bob: Awaited<ReturnType<typeof insertTestUser>>;

const arsenalWatch = {
  name: "Arsenal home games",
  attractions: [{ id: "K8vZ9171oZ7", name: "Arsenal" }],
  countryCode: "gb",
  maxPrice: 85.5,
  currency: "gbp",
  quantity: 2,
  sections: ["North Bank"],
};

beforeAll(async () => {
  database = await createTestDatabase();
  alice = await insertTestUser(database, { name: "Alice" });
  bob = await insertTestUser(database, { name: "Bob" });
});
afterAll(async () => database?.destroy());

async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"], message?: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toMatch(message);
}

describe("watches", () => {
  it("creates a watch with normalized values and lists it for its owner only", async () => {
    const api = callerFor(database, alice);
    const watch = await api.watches.create(arsenalWatch);
    expect(watch).toMatchObject({ name: "Arsenal home games", countryCode: "GB", currency: "GBP", maxPrice: 85.5, isPaused: false });
    expect(watch.stages).toContain("on-sale");
    expect((await api.watches.list()).map((w) => w.id)).toContain(watch.id);
    expect(await callerFor(database, bob).watches.list()).toEqual([]);
  });

  it("stores prices as integer minor units", async () => {
    const watch = await callerFor(database, alice).watches.create({ ...arsenalWatch, maxPrice: 19.99 });
    const row = await database.db.query.watches.findFirst({ where: (w, { eq }) => eq(w.id, watch.id) });
    expect(row?.maxPriceMinor).toBe(1999);
  });

  it("edits, pauses, resumes and duplicates a watch", async () => {
    const api = callerFor(database, alice);
    const watch = await api.watches.create(arsenalWatch);
    const edited = await api.watches.update({ id: watch.id, patch: { name: "Arsenal, cheap seats", maxPrice: 40 } });
    expect(edited).toMatchObject({ name: "Arsenal, cheap seats", maxPrice: 40, quantity: 2, sections: ["North Bank"] });
    expect((await api.watches.pause({ id: watch.id })).isPaused).toBe(true);
    expect((await api.watches.resume({ id: watch.id })).isPaused).toBe(false);
    const copy = await api.watches.duplicate({ id: watch.id });
    expect(copy.id).not.toBe(watch.id);
    expect(copy).toMatchObject({ name: "Arsenal, cheap seats (copy)", maxPrice: 40, attractions: watch.attractions });
  });

  it("deletes softly and restores within the undo window", async () => {
    const api = callerFor(database, alice);
    const watch = await api.watches.create(arsenalWatch);
    const deleted = await api.watches.delete({ id: watch.id });
    expect(deleted.restorableUntil.getTime()).toBeGreaterThan(Date.now());
    await expectTrpcError(api.watches.get({ id: watch.id }), "NOT_FOUND");
    const row = await database.db.query.watches.findFirst({ where: (w, { eq }) => eq(w.id, watch.id) });
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect((await api.watches.restore({ id: watch.id })).id).toBe(watch.id);
    expect((await api.watches.get({ id: watch.id })).name).toBe(arsenalWatch.name);
  });

  it("requires a signed-in fan for every watch procedure", async () => {
    const anonymous = callerFor(database, null);
    await expectTrpcError(anonymous.watches.list(), "UNAUTHORIZED");
    await expectTrpcError(anonymous.watches.create(arsenalWatch), "UNAUTHORIZED");
  });
});

describe("watch validation", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["a date range that ends before it starts", { dateFrom: "2027-03-10", dateTo: "2027-03-01" }, "dateTo", /end date is before the start date/],
    ["a negative price", { maxPrice: -5 }, "maxPrice", /can't be negative/],
    ["an unknown currency", { currency: "XYZ" }, "currency", /Unknown currency "XYZ"/],
    ["a radius without a point", { radius: 30 }, "radius", /radius needs a point/],
    ["a price without a currency", { currency: null }, "currency", /Choose a currency/],
    ["a minimum above the maximum", { minPrice: 100, maxPrice: 50 }, "minPrice", /minimum price is above the maximum/],
    ["a watch with nothing to watch", { attractions: [] }, "attractions", /Say what to watch/],
    ["an invalid weekday", { weekdays: [0] }, "weekdays", /Weekdays are 1/],
    ["no channels", { channels: [] }, "channels", /at least one channel/],
  ];

  it.each(cases)("refuses %s with a specific message and changes nothing", async (_label, override, field, message) => {
    const api = callerFor(database, bob);
    const before = await api.watches.list();
    const error = await api.watches.create({ ...arsenalWatch, ...override } as typeof arsenalWatch).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    const trpcError = error as TRPCError;
    expect(trpcError.code).toBe("BAD_REQUEST");
    const issues = (trpcError.cause as { issues?: { path: (string | number)[]; message: string }[] })?.issues ?? [];
    expect(issues.some((issue) => issue.path.includes(field) && message.test(issue.message))).toBe(true);
    expect(await api.watches.list()).toEqual(before);
  });

  it("checks a partial edit against the whole watch", async () => {
    const api = callerFor(database, bob);
    const watch = await api.watches.create({ ...arsenalWatch, dateFrom: "2027-01-01", dateTo: "2027-02-01" });
    await expectTrpcError(api.watches.update({ id: watch.id, patch: { dateTo: "2026-12-01" } }), "BAD_REQUEST", /end date is before/);
    expect((await api.watches.get({ id: watch.id })).dateTo).toBe("2027-02-01");
  });

  it("refuses a watch over the tier limit and keeps the existing ones", async () => {
    const carol = await insertTestUser(database, { name: "Carol" });
    const api = callerFor(database, carol);
    const limit = TIER_LIMITS.basic.watches;
    for (let index = 0; index < limit; index += 1) await api.watches.create({ ...arsenalWatch, name: `Watch ${index}` });
    await expectTrpcError(api.watches.create(arsenalWatch), "FORBIDDEN", new RegExp(`allows ${limit} watches and you have ${limit}`));
    expect(await api.watches.list()).toHaveLength(limit);
  });

  it("refuses 200 watches created at once over the limit, all but the allowed number", async () => {
    const dave = await insertTestUser(database, { name: "Dave" });
    const api = callerFor(database, dave);
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, index) => api.watches.create({ ...arsenalWatch, name: `Burst ${index}` })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(TIER_LIMITS.basic.watches);
    expect(await api.watches.list()).toHaveLength(TIER_LIMITS.basic.watches);
  });
});

describe("watch isolation between fans", () => {
  // Every procedure that names a watch by id, with the input it needs. A new one must be added here.
  const byId: Record<string, (api: ReturnType<typeof callerFor>, id: string) => Promise<unknown>> = {
    "watches.get": (api, id) => api.watches.get({ id }),
    "watches.health": (api, id) => api.watches.health({ id }),
    "watches.update": (api, id) => api.watches.update({ id, patch: { name: "Stolen" } }),
    "watches.pause": (api, id) => api.watches.pause({ id }),
    "watches.resume": (api, id) => api.watches.resume({ id }),
    "watches.duplicate": (api, id) => api.watches.duplicate({ id }),
    "watches.delete": (api, id) => api.watches.delete({ id }),
    "watches.restore": (api, id) => api.watches.restore({ id }),
  };

  it("covers every watch procedure", () => {
    const procedures = Object.keys(appRouter._def.procedures).filter((name) => name.startsWith("watches."));
    const notById = ["watches.list", "watches.create", "watches.preview"];
    expect(procedures.filter((name) => !notById.includes(name)).sort()).toEqual(Object.keys(byId).sort());
  });

  it.each(Object.keys(byId))("%s gives another fan NOT_FOUND and leaves the watch as it was", async (name) => {
    const owner = callerFor(database, alice);
    const watch = await owner.watches.create({ ...arsenalWatch, name: `Private ${name}` });
    if (name === "watches.restore") await owner.watches.delete({ id: watch.id });
    const error = await byId[name]!(callerFor(database, bob), watch.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
    expect(JSON.stringify(error)).not.toContain(`Private ${name}`);
    const row = await database.db.query.watches.findFirst({ where: (w, { eq }) => eq(w.id, watch.id) });
    expect(row).toMatchObject({ name: `Private ${name}`, userId: alice.id, isPaused: false });
    expect(row?.deletedAt != null).toBe(name === "watches.restore");
    expect((await callerFor(database, bob).watches.list()).map((w) => w.id)).not.toContain(watch.id);
  });
});
