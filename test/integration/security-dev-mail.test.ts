import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devMails } from "@/db/schema";
import { EnvError, parseEnv } from "@/server/env";
import { createAuth } from "@/server/auth/create-auth";
import { createComponentLog } from "@/server/lib/component-log";
import { createLogger } from "@/server/lib/log";
import { createDevOutboxEmailChannel, createDevOutboxSmsChannel } from "@/server/notifications/dev-outbox";
import { createDevMailbox, listDevMailbox, resolveDevMailboxMode } from "@/server/services/mail";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

const ORIGIN = "http://localhost:3000";
const SECRET = "dev-mail-test-secret-dev-mail-test-secret";

/** The process logger's configuration, writing to lines we can read back. */
function capturedLog(component: string) {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } });
  return { log: createComponentLog(component, undefined, logger), records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), text: () => lines.join("") };
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

/** Signs a fan up through Better Auth, which mails the verification link through `mailbox`; returns that link. */
async function signUpThrough(mailbox: ReturnType<typeof createDevMailbox>, email: string) {
  const auth = createAuth({ db: database.db, secret: SECRET, baseURL: ORIGIN, mailer: mailbox, adminEmails: [], isRateLimited: false });
  const response = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-up/email`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN }, body: JSON.stringify({ email, password: "correct horse battery", name: "Fan" }) }),
  );
  expect(response.status).toBe(200);
  const mail = (await listDevMailbox(database.db, 200)).find((message) => message.to === email);
  const link = mail?.text.match(/https?:\/\/\S+token=([^&\s]+)\S*/);
  expect(link, "the verification link is kept in the dev mailbox").toBeTruthy();
  return { subject: mail!.subject, token: link![1]! };
}

describe("dev mailbox log", () => {
  it("in production without an email provider logs that email is not configured and where the message is, never its token", async () => {
    const captured = capturedLog("dev-mailbox");
    const { subject, token } = await signUpThrough(createDevMailbox(database.db, { logger: captured.log, isProduction: true }), "prod-fan@example.test");

    expect(token.length).toBeGreaterThan(10);
    expect(captured.text()).not.toContain(token);
    expect(captured.text()).not.toContain("verify-email");
    const [record, ...others] = captured.records();
    expect(others).toEqual([]);
    expect(record).toMatchObject({ level: "warn", component: "dev-mailbox", to: "prod-fan@example.test", subject });
    expect(record!.msg).toMatch(/email is not configured \(RESEND_API_KEY and EMAIL_FROM unset\)/);
    expect(record!.msg).toContain("dev_mails");
    expect(record!.msg).toContain("/dev/mailbox");
  });

  it("in development logs the message through the logger, its token hidden, and points to the mailbox that has the link", async () => {
    const captured = capturedLog("dev-mailbox");
    const { subject, token } = await signUpThrough(createDevMailbox(database.db, { logger: captured.log, isProduction: false }), "dev-fan@example.test");

    expect(captured.text()).not.toContain(token);
    const [record] = captured.records();
    expect(record).toMatchObject({ level: "info", component: "dev-mailbox", to: "dev-fan@example.test", subject });
    expect(record!.msg).toContain(`${ORIGIN}/api/auth/verify-email?token=[redacted]`);
    expect(record!.msg).toContain("/dev/mailbox");
  });
});

describe("dev outbox log", () => {
  const unsubscribe = "https://app.example/api/notifications/unsubscribe?token=Uns7bscr1beT0kenValue";
  const email = { idempotencyKey: "delivery-1", to: "fan@example.test", email: { subject: "Arsenal: tickets on sale", html: "<p>x</p>", text: `On sale now. Unsubscribe: ${unsubscribe}`, headers: {}, tags: [] } };
  const sms = { idempotencyKey: "delivery-2", to: "+447700900123", body: "Seatwatch: Arsenal tickets on sale" };

  it("in production logs only that the channel is not configured, without the text, the link or the full number", async () => {
    const captured = capturedLog("dev-outbox");
    const stored: string[] = [];
    const options = { write: async (entry: { text: string }) => void stored.push(entry.text), logger: captured.log, isProduction: true };
    expect(await createDevOutboxEmailChannel(options).send(email)).toMatchObject({ status: "sent" });
    expect(await createDevOutboxSmsChannel(options).send(sms)).toMatchObject({ status: "sent" });

    expect(stored).toEqual([email.email.text, sms.body]);
    expect(captured.text()).not.toContain("Uns7bscr1beT0kenValue");
    expect(captured.text()).not.toContain("On sale now");
    expect(captured.text()).not.toContain("Seatwatch: Arsenal");
    expect(captured.text()).not.toContain("7700900123");
    const [mailed, texted] = captured.records();
    expect(mailed).toMatchObject({ level: "warn", component: "dev-outbox", channel: "email", to: "fan@example.test", subject: email.email.subject });
    expect(mailed!.msg).toMatch(/^email is not configured \(RESEND_API_KEY and EMAIL_FROM unset\).*kept in dev_mails/);
    expect(texted).toMatchObject({ level: "warn", channel: "sms", to: "•••0123" });
    expect(texted!.msg).toMatch(/^SMS is not configured .*kept in dev_sms/);
  });

  it("in development logs the text through the logger, with the link's token hidden", async () => {
    const captured = capturedLog("dev-outbox");
    await createDevOutboxEmailChannel({ write: async () => undefined, logger: captured.log, isProduction: false }).send(email);
    const [record] = captured.records();
    expect(record).toMatchObject({ level: "info", channel: "email" });
    expect(record!.msg).toContain("On sale now. Unsubscribe: https://app.example/api/notifications/unsubscribe?token=[redacted]");
  });
});

describe("who reads the development mailbox (SEATWATCH_DEV_MAILBOX)", () => {
  const modeOf = (env: Record<string, string>) => resolveDevMailboxMode(parseEnv(env));

  it("is off in a production build, on the embedded default too, unless the operator opens it", () => {
    expect(modeOf({ NODE_ENV: "production" })).toBe("off");
    expect(modeOf({ NODE_ENV: "production", DATABASE_URL: "postgres://db/seatwatch" })).toBe("off");
    expect(modeOf({ NODE_ENV: "production", SEATWATCH_DEV_MAILBOX: "open" })).toBe("open");
    expect(modeOf({ NODE_ENV: "production", SEATWATCH_DEV_MAILBOX: "own" })).toBe("own");
    // `next dev` on PGlite is one developer's machine: open, so sign-up works with no setup.
    expect(modeOf({ NODE_ENV: "development" })).toBe("open");
    expect(modeOf({ NODE_ENV: "development", DATABASE_URL: "postgres://db/seatwatch" })).toBe("off");
    expect(() => parseEnv({ SEATWATCH_DEV_MAILBOX: "yes" })).toThrow(EnvError);
    expect(() => parseEnv({ SEATWATCH_DEV_MAILBOX: "yes" })).toThrow(/SEATWATCH_DEV_MAILBOX: expected off, own or open/);
  });

  it("shows a fan only the mail sent to them under `own`, everything to an admin, everything to anyone under `open`, nothing under `off`", async () => {
    const ann = await insertTestUser(database, { email: `ann-${Date.now()}@example.test` });
    const ben = await insertTestUser(database, { email: `ben-${Date.now()}@example.test` });
    const admin = await insertTestUser(database, { role: "admin" });
    await database.db.insert(devMails).values([
      { to: ann.email.toUpperCase(), subject: "Reset your password", text: "ann's reset link" },
      { to: ben.email, subject: "Verify your email", text: "ben's verification link" },
    ]);
    const subjectsFor = async (user: typeof ann | null, devMailbox: "off" | "own" | "open") =>
      (await callerFor(database, user, { devMailbox }).dev.mailbox({ limit: 200 })).filter((mail) => [ann.email, ben.email].includes(mail.to.toLowerCase())).map((mail) => mail.text).sort();

    expect(await subjectsFor(ann, "own")).toEqual(["ann's reset link"]);
    expect(await subjectsFor(ben, "own")).toEqual(["ben's verification link"]);
    expect(await subjectsFor(admin, "own")).toEqual(["ann's reset link", "ben's verification link"]);
    await expect(callerFor(database, null, { devMailbox: "own" }).dev.mailbox({ limit: 10 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await subjectsFor(null, "open")).toEqual(["ann's reset link", "ben's verification link"]);
    for (const user of [null, ann, admin]) {
      await expect(callerFor(database, user, { devMailbox: "off" }).dev.mailbox({ limit: 10 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(callerFor(database, ann, { devMailbox: "off" }).notifications.devTexts()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await callerFor(database, ann, { devMailbox: "own" }).notifications.devTexts()).toEqual([]);
  });
});
