import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, events } from "@/db/schema";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

let database: TestDatabase;
let ann: Awaited<ReturnType<typeof insertTestUser>>;
let ben: Awaited<ReturnType<typeof insertTestUser>>;
let annWatchId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ann = await insertTestUser(database, { name: "Ann" });
  ben = await insertTestUser(database, { name: "Ben" });
  annWatchId = (await callerFor(database, ann).watches.create({ name: "Arsenal", attractions: [{ id: "K8", name: "Arsenal" }] })).id;
  const [event] = await database.db
    .insert(events)
    .values({ provider: "ticketmaster", providerEventId: "E1", name: "Arsenal v Spurs", status: "onsale", attractionIds: ["K8"], data: {} as never })
    .returning();
  await database.db.insert(alerts).values(
    ["on-sale", "price-dropped"].map((kind, index) => ({
      userId: ann.id, watchId: annWatchId, eventId: event!.id, kind, stage: kind === "on-sale" ? "on-sale" : "price", bucket: String(index),
      provider: "ticketmaster", providerEventId: "E1", origin: "change" as const, decidedAt: new Date(), idempotencyKey: `k${index}`,
      title: "Arsenal v Spurs", body: `change ${index}`, url: "https://www.ticketmaster.co.uk/event/1", payload: {},
    })),
  );
});
afterAll(async () => database?.destroy());

describe("alerts inbox", () => {
  it("lists a fan's alerts with the official link and counts the unread ones", async () => {
    const api = callerFor(database, ann);
    const list = await api.alerts.list({});
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ url: "https://www.ticketmaster.co.uk/event/1", event: { name: "Arsenal v Spurs" } });
    expect(await api.alerts.unreadCount()).toEqual({ unread: 2 });
    expect(await api.alerts.markRead({ ids: [list[0]!.id] })).toEqual({ updated: 1 });
    expect(await api.alerts.unreadCount()).toEqual({ unread: 1 });
  });

  it("shows another fan nothing and lets them mark nothing", async () => {
    const api = callerFor(database, ben);
    expect(await api.alerts.list({})).toEqual([]);
    const error = await api.alerts.list({ watchId: annWatchId }).catch((caught: unknown) => caught);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
    const annAlerts = await callerFor(database, ann).alerts.list({});
    expect(await api.alerts.markRead({ ids: annAlerts.map((alert) => alert.id) })).toEqual({ updated: 0 });
    expect(await api.alerts.markRead({})).toEqual({ updated: 0 });
    expect(await callerFor(database, ann).alerts.unreadCount()).toEqual({ unread: 1 });
  });

  it("reports a new watch as waiting for its first check", async () => {
    const health = await callerFor(database, ann).watches.health({ id: annWatchId });
    expect(health).toMatchObject({ status: "pending", lastCheckedAt: null });
  });
});
