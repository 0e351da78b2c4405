import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordProviderCall } from "@/db/queries/quota";
import { deliveries, jobRuns, providerQueries, sessions, users } from "@/db/schema";
import { readOperationsReport } from "@/server/services/admin/operations";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";
import { buildEvent, createAlerts, decide, insertFan, insertWatch } from "./delivery-fixtures";

const SECOND = 1_000;
const HOUR = 3_600_000;
let database: TestDatabase;
let admin: Awaited<ReturnType<typeof insertTestUser>>;
let fan: Awaited<ReturnType<typeof insertTestUser>>;
const now = new Date(Math.floor(Date.now() / SECOND) * SECOND);
const ago = (ms: number) => new Date(now.getTime() - ms);
const codeOf = (promise: Promise<unknown>) => promise.then(() => "OK", (error: unknown) => (error as TRPCError).code);
/** What the fan sees: the first field's message for input errors (as the API's error formatter sends it). */
const messageOf = (promise: Promise<unknown>) =>
  promise.then(() => "OK", (error: TRPCError) => (error.cause as { issues?: { message: string }[] } | undefined)?.issues?.[0]?.message ?? error.message);

beforeAll(async () => {
  database = await createTestDatabase();
  admin = await insertTestUser(database, { role: "admin", name: "Ada Admin", email: "ada@ops.example" });
  fan = await insertTestUser(database, { name: "Finn Fan", email: "finn@fans.example" });
});
afterAll(async () => {
  await database?.destroy();
});

describe("operations report", () => {
  it("measures job runs against their slots and lists failures, over the last 24 h only", async () => {
    const slot = ago(10 * 60 * SECOND);
    await database.db.insert(jobRuns).values([
      { jobId: "engine.plan", slot: slot.toISOString(), owner: "p1", status: "succeeded", startedAt: new Date(slot.getTime() + 1_000), finishedAt: new Date(slot.getTime() + 3_000) },
      { jobId: "engine.plan", slot: ago(5 * 60 * SECOND).toISOString(), owner: "p1", status: "failed", error: "database went away", startedAt: ago(5 * 60 * SECOND - 3_000), finishedAt: ago(5 * 60 * SECOND - 4_000) },
      // A shared job's slot carries its owner; a boot run has no scheduled time to be late against.
      { jobId: "ticketmaster.poll", slot: `${ago(60 * SECOND).toISOString()}/p2`, owner: "p2", status: "running", startedAt: ago(60 * SECOND - 500) },
      { jobId: "catalog.sweep", slot: `boot-${ago(HOUR).toISOString()}`, owner: "p1", status: "succeeded", startedAt: ago(HOUR), finishedAt: ago(HOUR - 2_000) },
      { jobId: "engine.plan", slot: ago(30 * HOUR).toISOString(), owner: "p1", status: "failed", error: "too old to show", startedAt: ago(30 * HOUR) },
    ]);
    const report = await readOperationsReport(database.db, { dataSource: "ticketmaster" }, now);
    expect(report.jobs).toEqual([
      expect.objectContaining({ jobId: "catalog.sweep", runs: 1, succeeded: 1, averageLagMs: null, maxLagMs: null, averageDurationMs: 2_000 }),
      expect.objectContaining({ jobId: "engine.plan", runs: 2, succeeded: 1, failed: 1, running: 0, averageLagMs: 2_000, maxLagMs: 3_000 }),
      expect.objectContaining({ jobId: "ticketmaster.poll", runs: 1, running: 1, averageLagMs: 500, maxLagMs: 500, averageDurationMs: null }),
    ]);
    expect(report.failures).toEqual([expect.objectContaining({ jobId: "engine.plan", error: "database went away" })]);
  });

  it("reports scheduler lag as the most overdue unleased query, ignoring retired ones", async () => {
    const query = (key: string, values: Partial<typeof providerQueries.$inferInsert>) => ({ provider: "ticketmaster", key, query: {}, kind: "attractions", ...values });
    await database.db.insert(providerQueries).values([
      query("overdue", { nextDueAt: ago(30 * SECOND), lastPolledAt: ago(10 * 60 * SECOND) }),
      query("leased", { nextDueAt: ago(90 * SECOND), leaseOwner: "p2", leaseExpiresAt: new Date(now.getTime() + 20 * SECOND) }),
      query("later", { nextDueAt: new Date(now.getTime() + 60 * SECOND), lastPolledAt: ago(2 * HOUR), consecutiveFailures: 2 }),
      query("retired", { nextDueAt: ago(10 * HOUR), retiredAt: ago(HOUR) }),
    ]);
    const { queries } = await readOperationsReport(database.db, { dataSource: "ticketmaster" }, now);
    expect(queries).toEqual({ active: 3, due: 2, leased: 1, failing: 1, polledLastHour: 1, maxLagSeconds: 30 });
  });

  it("counts deliveries per channel from the outbox, with success as sent over sent plus failed (kept locally is neither)", async () => {
    const owner = await insertFan(database);
    const watch = await insertWatch(database, owner.id, { channels: ["email"] });
    const [alert] = await createAlerts(database, [decide(watch, buildEvent("ops-1"), { kind: "on-sale", startsAt: now.toISOString() })], [watch], now);
    await database.db.delete(deliveries).where(eq(deliveries.alertId, alert!.id));
    const row = (channel: "email" | "sms" | "push" | "webhook", status: "pending" | "held" | "sending" | "sent" | "kept" | "delivered" | "failed" | "dropped", createdAt = now) => ({
      alertId: alert!.id, userId: owner.id, channel, destination: randomUUID(), route: "send-now" as const, urgency: "normal", status, dueAt: now, createdAt,
    });
    await database.db.insert(deliveries).values([
      row("email", "sent"), row("email", "sent"), row("email", "sent"), row("email", "failed"), row("email", "held"),
      row("email", "kept"), row("sms", "sent"), row("sms", "delivered"), row("sms", "sending"), row("push", "dropped"),
      row("email", "failed", ago(48 * HOUR)),
    ]);
    const report = await readOperationsReport(database.db, { dataSource: "ticketmaster" }, now);
    expect(report.deliveries).toEqual([
      { channel: "email", sent: 3, kept: 1, failed: 1, pending: 1, dropped: 0, total: 6, successRate: 0.75 },
      { channel: "push", sent: 0, kept: 0, failed: 0, pending: 0, dropped: 1, total: 1, successRate: null },
      { channel: "sms", sent: 2, kept: 0, failed: 0, pending: 1, dropped: 0, total: 3, successRate: 1 },
    ]);
  });

  it("shows the sandbox clock beside real time", async () => {
    const report = await readOperationsReport(database.db, { dataSource: "sandbox", now: () => new Date(now.getTime() + 36 * HOUR) }, now);
    expect(report.clock).toEqual({ dataSource: "sandbox", realNow: now, sourceNow: new Date(now.getTime() + 36 * HOUR), aheadMs: 36 * HOUR });
  });

  it("counts the quota ledger row by row", async () => {
    const call = (startedAt: Date, isCounted: boolean) => ({
      provider: "ticketmaster", keyLabel: "tm:ops", endpoint: "/discovery/v2/events.json", status: isCounted ? 200 : null, latencyMs: 40, startedAt, isCounted,
      errorKind: null, rateLimitAvailable: null, rateLimitResetAt: null, rateLimitLimit: null, owner: "p1", blockUntil: null, windowMs: 24 * HOUR, limit: 5_000,
    });
    for (const startedAt of [ago(2 * 60 * SECOND), ago(60 * SECOND), ago(30 * SECOND)]) await recordProviderCall(database.db, call(startedAt, true));
    await recordProviderCall(database.db, call(ago(20 * SECOND), false));
    const ledger = await callerFor(database, admin).admin.quotaLedger();
    const quota = await callerFor(database, admin).admin.quota();
    expect(ledger).toEqual([{ provider: "ticketmaster", keyLabel: "tm:ops", countedInWindow: 3, callsLastHour: 4 }]);
    expect(quota.keys[0]).toMatchObject({ used: 3, callsLastHour: 4 });
  });

  it("is for admins only", async () => {
    const asFan = callerFor(database, fan);
    expect(await codeOf(asFan.admin.operations())).toBe("FORBIDDEN");
    expect(await codeOf(asFan.admin.quotaLedger())).toBe("FORBIDDEN");
    expect(await codeOf(asFan.admin.users.list({}))).toBe("FORBIDDEN");
    expect(await codeOf(asFan.admin.users.setTier({ userId: fan.id, tier: "premium" }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(database, null).admin.operations())).toBe("UNAUTHORIZED");
    expect((await database.db.select().from(users).where(eq(users.id, fan.id)))[0]!.tier).toBe("basic");
  });
});

describe("users and tiers", () => {
  it("lists accounts by search with their watch counts", async () => {
    await callerFor(database, fan).watches.create({ name: "Any", keyword: "jazz" });
    const result = await callerFor(database, admin).admin.users.list({ q: "FINN" });
    expect(result.total).toBe(1);
    expect(result.users).toEqual([expect.objectContaining({ id: fan.id, email: "finn@fans.example", tier: "basic", role: "fan", disabledAt: null, watchCount: 1, watchLimit: 25 })]);
    // LIKE wildcards in the search are literal.
    expect((await callerFor(database, admin).admin.users.list({ q: "%" })).total).toBe(0);
  });

  it("changes a tier, and refuses a bad tier or an unknown account without writing", async () => {
    const caller = callerFor(database, admin);
    expect(await caller.admin.users.setTier({ userId: fan.id, tier: "premium" })).toEqual({ id: fan.id, tier: "premium" });
    const before = await database.db.select().from(users);
    expect(await codeOf(caller.admin.users.setTier({ userId: fan.id, tier: "gold" as "premium" }))).toBe("BAD_REQUEST");
    expect(await messageOf(caller.admin.users.setTier({ userId: fan.id, tier: "gold" as "premium" }))).toBe("Tier must be basic or premium");
    expect(await codeOf(caller.admin.users.setTier({ userId: "no-such-user", tier: "basic" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.admin.users.setTier({ userId: "", tier: "basic" }))).toBe("BAD_REQUEST");
    expect(await database.db.select().from(users)).toEqual(before);
  });

  it("disables an account (ending its sessions) and enables it again, but never the admin's own", async () => {
    const caller = callerFor(database, admin);
    await database.db.insert(sessions).values({ id: randomUUID(), token: randomUUID(), userId: fan.id, expiresAt: new Date(now.getTime() + HOUR) });
    await database.db.insert(sessions).values({ id: randomUUID(), token: randomUUID(), userId: admin.id, expiresAt: new Date(now.getTime() + HOUR) });

    const before = await database.db.select().from(users);
    expect(await codeOf(caller.admin.users.setDisabled({ userId: admin.id, isDisabled: true }))).toBe("BAD_REQUEST");
    expect(await messageOf(caller.admin.users.setDisabled({ userId: admin.id, isDisabled: true }))).toBe("You can't disable your own account");
    expect(await codeOf(caller.admin.users.setDisabled({ userId: "no-such-user", isDisabled: true }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.admin.users.setDisabled({ userId: fan.id, isDisabled: "yes" as unknown as boolean }))).toBe("BAD_REQUEST");
    expect(await database.db.select().from(users)).toEqual(before);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, admin.id))).toHaveLength(1);

    const disabled = await caller.admin.users.setDisabled({ userId: fan.id, isDisabled: true });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, fan.id))).toEqual([]);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, admin.id))).toHaveLength(1);

    expect(await caller.admin.users.setDisabled({ userId: fan.id, isDisabled: false })).toEqual({ id: fan.id, disabledAt: null });
  });
});
