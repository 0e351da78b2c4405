/**
 * With no email or SMS vendor configured, the development outbox keeps the message instead of sending it: the
 * delivery is recorded as `kept`, never as `sent` — in the fan's inbox and in the admin success rates alike.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries, deliveryAttempts, devMails, devSms } from "@/db/schema";
import { readOperationsReport } from "@/server/services/admin/operations";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { buildEvent, createAlerts, createTestChannels, createWorkerDeps, decide, insertFan, insertWatch } from "./delivery-fixtures";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

describe("the development outbox", () => {
  it("records an email and a text it kept as kept locally, not sent, and the admin report counts them apart from successes", async () => {
    const fan = await insertFan(database, { phone: "+447700900456" });
    const watch = await insertWatch(database, fan.id, { channels: ["email", "sms"] });
    const now = new Date();
    const [alert] = await createAlerts(database, [decide(watch, buildEvent("KEPT1"), { kind: "on-sale", startsAt: now.toISOString() })], [watch], now);

    const deps = createWorkerDeps(database, createTestChannels(database, {}));
    expect((await deliverDueDeliveries(deps, { limit: 100 })).claimed).toBe(2);

    const rows = await database.db.select().from(deliveries).where(eq(deliveries.alertId, alert!.id));
    expect(rows.map((row) => `${row.channel}:${row.status}`).sort()).toEqual(["email:kept", "sms:kept"]);
    expect(rows.every((row) => row.sentAt !== null)).toBe(true);
    const attempts = await database.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, rows[0]!.id));
    expect(attempts).toMatchObject([{ vendor: "dev-outbox", status: "kept" }]);
    // The messages are where the fan (or an admin) can read them.
    expect(await database.db.select().from(devMails).where(eq(devMails.to, fan.email))).toHaveLength(1);
    expect(await database.db.select().from(devSms).where(eq(devSms.to, "+447700900456"))).toHaveLength(1);

    const statuses = (await callerFor(database, fan).notifications.deliveryStatuses({ alertIds: [alert!.id] }))[alert!.id]!;
    expect(statuses.map(({ channel, view }) => ({ channel, state: view.state, label: view.label, reason: view.reason })).sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { channel: "email", state: "kept", label: "Kept locally, not sent", reason: "no email service is configured here, so it was kept in the development mailbox instead" },
      { channel: "sms", state: "kept", label: "Kept locally, not sent", reason: "no SMS service is configured here, so it was kept in the development outbox instead" },
    ]);

    const report = await readOperationsReport(database.db, { dataSource: "sandbox" }, new Date(now.getTime() + 1_000));
    expect(report.deliveries).toEqual([
      { channel: "email", sent: 0, kept: 1, failed: 0, pending: 0, dropped: 0, total: 1, successRate: null },
      { channel: "sms", sent: 0, kept: 1, failed: 0, pending: 0, dropped: 0, total: 1, successRate: null },
    ]);
  });
});
