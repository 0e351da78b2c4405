/**
 * The fan's data export (tRPC `profile.export`) and account deletion (Better Auth's delete-user, which runs
 * our erasure first): the export has everything about the fan and nothing secret or another fan's; deletion
 * leaves no personal row behind and keeps the fan's alerts, anonymised, for counts.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETED_FANS } from "@/db/queries/account-data";
import { accounts, alerts, apiTokens, deliveries, deliveryAttempts, deliveryMessages, devMails, events, notificationSettings, phoneNumbers, pushSubscriptions, sessions, users, watchCheckLapses, watches } from "@/db/schema";
import { createAuth, type Auth } from "@/server/auth/create-auth";
import { createAccount } from "@/server/services/accounts";
import { createDevMailbox } from "@/server/services/mail";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const ORIGIN = "http://localhost:3000";
let database: TestDatabase;
let auth: Auth;

beforeAll(async () => {
  database = await createTestDatabase();
  auth = createAuth({ db: database.db, secret: "test-secret-test-secret-test-secret-0123", baseURL: ORIGIN, mailer: createDevMailbox(database.db, () => undefined), adminEmails: [] });
});
afterAll(async () => database?.destroy());

const post = (path: string, body: unknown, cookie?: string) =>
  auth.handler(new Request(`${ORIGIN}/api/auth${path}`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN, ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) }));
const cookieOf = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");

/** A fan with one of everything: watch, alert on an event, a check lapse with its check-overdue alert, email + SMS deliveries with an attempt, phone with consent, push device, settings with a webhook secret, API token, session. */
async function createFullFan(label: string) {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `${label} password 1`;
  const user = await createAccount(auth, database.db, { email, password, name: `${label} Fan` });
  const cookie = cookieOf(await post("/sign-in/email", { email, password }));
  const watch = await callerFor(database, user).watches.create({ name: `${label}'s secret watch`, keyword: `${label} band` });
  const [event] = await database.db
    .insert(events)
    .values({ provider: "ticketmaster", providerEventId: `ev-${label}-${randomUUID().slice(0, 6)}`, name: `${label} Band Live`, status: "onsale", attractionIds: [], data: {} as never })
    .returning();
  const [alert] = await database.db
    .insert(alerts)
    .values({
      userId: user.id,
      watchId: watch.id,
      eventId: event!.id,
      kind: "price-dropped",
      stage: "price",
      bucket: "GBP:4000",
      provider: "ticketmaster",
      providerEventId: event!.providerEventId,
      origin: "change",
      decidedAt: new Date(),
      idempotencyKey: `key-${randomUUID()}`,
      title: `${label} Band Live`,
      body: "Now from £40",
      payload: { watchName: watch.name, change: { kind: "price-dropped" } },
    })
    .returning();
  // What raiseCheckLapses stores (server/services/engine/check-lapses.ts): an alert about the watch, no event.
  const overdueSince = new Date(Date.now() - 30 * 60_000);
  const [overdue] = await database.db
    .insert(alerts)
    .values({
      userId: user.id,
      watchId: watch.id,
      eventId: null,
      kind: "check-overdue",
      stage: "health",
      bucket: overdueSince.toISOString(),
      provider: "ticketmaster",
      providerEventId: "",
      origin: "change",
      decidedAt: new Date(),
      idempotencyKey: `check-overdue:${watch.id}:${overdueSince.toISOString()}`,
      title: `Couldn't check "${watch.name}"`,
      body: "It has not been checked yet. The ticketing source keeps failing: 503.",
      payload: { watchName: watch.name, overdueSince: overdueSince.toISOString(), reason: "The ticketing source keeps failing: 503." },
    })
    .returning();
  await database.db.insert(watchCheckLapses).values({ watchId: watch.id, userId: user.id, overdueSince, reason: "The ticketing source keeps failing: 503.", alertId: overdue!.id });
  const phone = `+4477009${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`;
  const sent = await database.db
    .insert(deliveries)
    .values([
      { alertId: alert!.id, userId: user.id, channel: "email", destination: email, route: "send-now", urgency: "normal", status: "sent", dueAt: new Date(), sentAt: new Date() },
      { alertId: alert!.id, userId: user.id, channel: "sms", destination: phone, route: "send-now", urgency: "normal", status: "pending", dueAt: new Date() },
    ])
    .returning();
  await database.db.insert(deliveryAttempts).values({ deliveryId: sent[0]!.id, channel: "email", vendor: "dev-outbox", status: "sent", providerMessageId: "msg-1" });
  await database.db.insert(deliveryMessages).values({ alertId: alert!.id, message: { watchName: watch.name } });
  await database.db.insert(phoneNumbers).values({ userId: user.id, e164: phone, verifiedAt: new Date(), codeHash: "code-hash-secret", consentAt: new Date(), consentIp: "203.0.113.9", consentText: "Text me alerts", consentVersion: "sms-v1" });
  await database.db.insert(pushSubscriptions).values({ userId: user.id, endpoint: `https://push.example.test/${label}`, p256dh: "p256dh-key-secret", auth: "auth-key-secret", userAgent: "Test Browser" });
  await database.db.insert(notificationSettings).values({ userId: user.id, quietHoursStart: "22:00", quietHoursEnd: "07:00", webhookUrl: "https://hooks.example.test/x", webhookSecret: "webhook-secret-value" });
  await database.db.insert(apiTokens).values({ userId: user.id, name: "script", prefix: "sw_abcd", tokenHash: `token-hash-${randomUUID()}`, access: "read-only" });
  await database.db.insert(devMails).values({ to: email, subject: "Your alert", text: `Hello ${label}` });
  return { user, email, password, cookie, watch, alert: alert!, overdue: overdue!, overdueSince, event: event!, phone };
}

describe("data export", () => {
  it("holds everything about the fan and nothing secret or another fan's", async () => {
    const ann = await createFullFan("ann");
    const ben = await createFullFan("ben");
    const exported = await callerFor(database, ann.user).profile.export();
    expect(exported.profile).toMatchObject({ id: ann.user.id, email: ann.email, name: "ann Fan" });
    expect(exported.watches.map((watch) => watch.name)).toEqual(["ann's secret watch"]);
    expect(exported.alerts).toHaveLength(2);
    expect(exported.alerts.find((alert) => alert.id === ann.alert.id)).toMatchObject({ kind: "price-dropped", event: { name: "ann Band Live" } });
    // An alert about the watch itself has no event, and is exported all the same.
    expect(exported.alerts.find((alert) => alert.id === ann.overdue.id)).toMatchObject({ kind: "check-overdue", title: `Couldn't check "ann's secret watch"`, event: null });
    expect(exported.checkLapses).toMatchObject([{ watchId: ann.watch.id, overdueSince: ann.overdueSince, reason: "The ticketing source keeps failing: 503.", alertId: ann.overdue.id, resolvedAt: null }]);
    expect(exported.checkLapses[0]).not.toHaveProperty("userId");
    expect(exported.deliveries.map((delivery) => delivery.channel).sort()).toEqual(["email", "sms"]);
    expect(exported.deliveries.find((delivery) => delivery.channel === "email")!.attempts).toMatchObject([{ status: "sent", providerMessageId: "msg-1" }]);
    expect(exported.phoneNumbers).toMatchObject([{ e164: ann.phone, consentText: "Text me alerts" }]);
    expect(exported.consentRecords).toMatchObject([{ kind: "sms", number: ann.phone, text: "Text me alerts", version: "sms-v1", fromAddress: "203.0.113.9" }]);
    expect(exported.pushDevices).toMatchObject([{ endpoint: "https://push.example.test/ann", userAgent: "Test Browser" }]);
    expect(exported.notificationSettings).toMatchObject({ quietHoursStart: "22:00", webhookUrl: "https://hooks.example.test/x" });
    expect(exported.apiTokens).toMatchObject([{ name: "script", prefix: "sw_abcd", access: "read-only" }]);
    expect(exported.sessions.length).toBeGreaterThan(0);
    expect(exported.signInMethods).toMatchObject([{ providerId: "credential" }]);

    const text = JSON.stringify(exported);
    const [credential] = await database.db.select({ password: accounts.password }).from(accounts).where(eq(accounts.userId, ann.user.id));
    const tokens = (await database.db.select({ token: sessions.token }).from(sessions).where(eq(sessions.userId, ann.user.id))).map((row) => row.token);
    for (const secret of [credential!.password!, ...tokens, "code-hash-secret", "p256dh-key-secret", "auth-key-secret", "webhook-secret-value", "token-hash-"]) {
      expect(text).not.toContain(secret);
    }
    for (const other of [ben.user.id, ben.email, ben.phone, "ben's secret watch", "ben Band Live"]) expect(text).not.toContain(other);
  });

  it("is for a signed-in fan only", async () => {
    await expect(callerFor(database, null).profile.export()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("emits exactly the top-level keys and the format docs/api.md documents", async () => {
    const fan = await createFullFan("eve");
    const exported = await callerFor(database, fan.user).profile.export();
    const docs = await readFile(new URL("../../docs/api.md", import.meta.url), "utf8");
    const section = docs.slice(docs.indexOf("## Your data: the export"), docs.indexOf("### `GET /api/v1/openapi.json`"));
    const documentedFormat = /\*\*Format `(seatwatch-export\/\d+)`\.\*\*/.exec(section)?.[1];
    const documentedKeys = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1]);

    expect(documentedFormat, "docs/api.md names the export format").toBeDefined();
    expect(exported.format).toBe(documentedFormat);
    expect(Object.keys(exported).sort()).toEqual([...documentedKeys].sort());
    // A key added since the first format (checkLapses) bumped the number, as the documented rule says.
    expect(exported.format).not.toBe("seatwatch-export/1");
  });
});

describe("account deletion", () => {
  it("removes every personal row and keeps the alerts, anonymised, for counts", async () => {
    const cat = await createFullFan("cat");
    const dan = await createFullFan("dan");
    const alertsOnEvent = async () => (await database.db.select().from(alerts).where(eq(alerts.eventId, cat.event.id))).length;
    expect(await alertsOnEvent()).toBe(1);

    expect((await post("/delete-user", { password: "wrong password" }, cat.cookie)).status).toBe(400);
    expect(await database.db.select().from(users).where(eq(users.id, cat.user.id))).toHaveLength(1);
    expect((await post("/delete-user", { password: cat.password }, cat.cookie)).status).toBe(200);

    expect(await database.db.select().from(users).where(eq(users.id, cat.user.id))).toEqual([]);
    for (const table of [sessions, accounts, phoneNumbers, pushSubscriptions, notificationSettings, apiTokens, deliveries, alerts, watchCheckLapses]) {
      expect(await database.db.select().from(table).where(eq(table.userId, cat.user.id))).toEqual([]);
    }
    expect(await database.db.select().from(deliveryMessages).where(eq(deliveryMessages.alertId, cat.alert.id))).toEqual([]);
    expect(await database.db.select().from(devMails).where(eq(devMails.to, cat.email))).toEqual([]);
    // Nothing the fan typed or where they can be reached is left anywhere in the database.
    const dump = JSON.stringify([await database.db.select().from(alerts), await database.db.select().from(watches), await database.db.select().from(users), await database.db.select().from(watchCheckLapses)]);
    for (const trace of [cat.email, cat.phone, "cat's secret watch", "cat band", "cat Fan"]) expect(dump).not.toContain(trace);

    // The alert still counts for its event, now held by the deleted-fans row, without the watch name.
    expect(await alertsOnEvent()).toBe(1);
    const [kept] = await database.db.select().from(alerts).where(eq(alerts.id, cat.alert.id));
    expect(kept).toMatchObject({ userId: DELETED_FANS.id, title: "cat Band Live" });
    expect(kept!.payload).not.toHaveProperty("watchName");
    const [keptOverdue] = await database.db.select().from(alerts).where(eq(alerts.id, cat.overdue.id));
    expect(keptOverdue).toMatchObject({ userId: DELETED_FANS.id, kind: "check-overdue", title: `Couldn't check "Deleted watch"` });
    expect(keptOverdue!.payload).toEqual({ overdueSince: cat.overdueSince.toISOString(), reason: "The ticketing source keeps failing: 503." });
    expect(await database.db.select().from(watchCheckLapses).where(eq(watchCheckLapses.watchId, cat.watch.id))).toEqual([]);
    const [holder] = await database.db.select().from(users).where(eq(users.id, DELETED_FANS.id));
    expect(holder!.disabledAt).not.toBeNull();
    expect(await database.db.select().from(accounts).where(eq(accounts.userId, DELETED_FANS.id))).toEqual([]);
    expect(await database.db.select().from(watches).where(and(eq(watches.userId, DELETED_FANS.id), isNull(watches.deletedAt)))).toEqual([]);

    // The other fan is untouched.
    const danExport = await callerFor(database, dan.user).profile.export();
    expect(danExport.alerts).toHaveLength(2);
    expect(danExport.checkLapses).toHaveLength(1);
    expect(danExport.deliveries).toHaveLength(2);
    expect(danExport.watches.map((watch) => watch.name)).toEqual(["dan's secret watch"]);
  });
});
