import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users, watches } from "@/db/schema";
import { createAuth, type Auth } from "@/server/auth/create-auth";
import { createAccount, DEMO_FAN, ensureDemoFan } from "@/server/services/accounts";
import { createDevMailbox, listDevMailbox } from "@/server/services/mail";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const ORIGIN = "http://localhost:3000";
let database: TestDatabase;
let auth: Auth;

beforeAll(async () => {
  database = await createTestDatabase();
  auth = createAuth({
    db: database.db,
    secret: "test-secret-test-secret-test-secret-0123",
    baseURL: ORIGIN,
    mailer: createDevMailbox(database.db, () => undefined),
    adminEmails: ["boss@example.test"],
  });
});
afterAll(async () => database?.destroy());

async function post(path: string, body: unknown, cookie?: string) {
  return auth.handler(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    }),
  );
}

function cookieOf(response: Response) {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

async function latestLinkTo(email: string) {
  const mail = (await listDevMailbox(database.db)).find((message) => message.to === email);
  const url = mail?.text.match(/https?:\/\/\S+/)?.[0];
  if (!url) throw new Error(`no link mailed to ${email}`);
  return url;
}

async function sessionOf(cookie: string) {
  return auth.api.getSession({ headers: new Headers({ cookie }) });
}

describe("accounts", () => {
  it("signs up, refuses sign-in until the emailed link is followed, then signs in", async () => {
    const email = "fan@example.test";
    const signUp = await post("/sign-up/email", { email, password: "correct horse battery", name: "Fan" });
    expect(signUp.status).toBe(200);
    const refused = await post("/sign-in/email", { email, password: "correct horse battery" });
    expect(refused.status).toBe(403);

    const verify = await auth.handler(new Request(await latestLinkTo(email), { headers: { origin: ORIGIN } }));
    expect([200, 302]).toContain(verify.status);
    const row = await database.db.query.users.findFirst({ where: eq(users.email, email) });
    expect(row?.emailVerified).toBe(true);

    const signIn = await post("/sign-in/email", { email, password: "correct horse battery" });
    expect(signIn.status).toBe(200);
    const cookie = cookieOf(signIn);
    expect(signIn.headers.getSetCookie().join()).toMatch(/HttpOnly/i);
    expect(signIn.headers.getSetCookie().join()).toMatch(/SameSite=Lax/i);
    expect((await sessionOf(cookie))?.user.email).toBe(email);

    const signOut = await post("/sign-out", {}, cookie);
    expect(signOut.status).toBe(200);
    expect(await sessionOf(cookie)).toBeNull();
  });

  it("refuses a wrong password and a short one with clear errors", async () => {
    const wrong = await post("/sign-in/email", { email: "fan@example.test", password: "not the password" });
    expect(wrong.status).toBe(401);
    const short = await post("/sign-up/email", { email: "short@example.test", password: "short", name: "Short" });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ code: "PASSWORD_TOO_SHORT" });
  });

  it("resets a forgotten password through the emailed link", async () => {
    const email = "forgetful@example.test";
    await createAccount(auth, database.db, { email, password: "original password", name: "Forgetful" });
    expect((await post("/request-password-reset", { email, redirectTo: "/reset-password" })).status).toBe(200);
    const link = await latestLinkTo(email);
    const redirect = await auth.handler(new Request(link));
    const token = new URL(redirect.headers.get("location")!, ORIGIN).searchParams.get("token");
    expect(token).toBeTruthy();
    expect((await post("/reset-password", { newPassword: "a brand new password", token })).status).toBe(200);
    expect((await post("/sign-in/email", { email, password: "original password" })).status).toBe(401);
    expect((await post("/sign-in/email", { email, password: "a brand new password" })).status).toBe(200);
  });

  it("changes the password for a signed-in fan", async () => {
    const email = "changer@example.test";
    await createAccount(auth, database.db, { email, password: "first password!", name: "Changer" });
    const cookie = cookieOf(await post("/sign-in/email", { email, password: "first password!" }));
    expect((await post("/change-password", { currentPassword: "wrong password", newPassword: "second password!" }, cookie)).status).toBe(400);
    expect((await post("/change-password", { currentPassword: "first password!", newPassword: "second password!" }, cookie)).status).toBe(200);
    expect((await post("/sign-in/email", { email, password: "second password!" })).status).toBe(200);
  });

  it("asks the current address to approve an email change", async () => {
    const email = "mover@example.test";
    await createAccount(auth, database.db, { email, password: "mover password", name: "Mover" });
    const cookie = cookieOf(await post("/sign-in/email", { email, password: "mover password" }));
    expect((await post("/change-email", { newEmail: "moved@example.test", callbackURL: "/settings" }, cookie)).status).toBe(200);
    const mail = (await listDevMailbox(database.db)).find((message) => message.to === email);
    expect(mail?.subject).toMatch(/Approve your new Seatwatch email/);
    expect(mail?.text).toContain("moved@example.test");
  });

  it("deletes an account with its watches when the password is confirmed", async () => {
    const email = "leaver@example.test";
    const user = await createAccount(auth, database.db, { email, password: "leaver password", name: "Leaver" });
    await callerFor(database, user).watches.create({ name: "Gone soon", keyword: "Coldplay" });
    const cookie = cookieOf(await post("/sign-in/email", { email, password: "leaver password" }));
    expect((await post("/delete-user", { password: "wrong password" }, cookie)).status).toBe(400);
    expect((await post("/delete-user", { password: "leaver password" }, cookie)).status).toBe(200);
    expect(await database.db.query.users.findFirst({ where: eq(users.id, user.id) })).toBeUndefined();
    expect(await database.db.select().from(watches).where(eq(watches.userId, user.id))).toEqual([]);
  });

  it("makes ADMIN_EMAILS admins at sign-up and others fans", async () => {
    await post("/sign-up/email", { email: "Boss@Example.test", password: "boss password!", name: "Boss" });
    await post("/sign-up/email", { email: "plain@example.test", password: "plain password", name: "Plain" });
    const boss = await database.db.query.users.findFirst({ where: eq(users.email, "boss@example.test") });
    const plain = await database.db.query.users.findFirst({ where: eq(users.email, "plain@example.test") });
    expect(boss?.role).toBe("admin");
    expect(plain?.role).toBe("fan");
  });

  it("refuses sessions to a disabled account", async () => {
    const user = await createAccount(auth, database.db, { email: "banned@example.test", password: "banned password", name: "Banned" });
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    const response = await post("/sign-in/email", { email: "banned@example.test", password: "banned password" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "ACCOUNT_DISABLED" });
  });

  it("creates the demo fan once, verified, with a password that signs in", async () => {
    const first = await ensureDemoFan(auth, database.db);
    const second = await ensureDemoFan(auth, database.db);
    expect(first.isNew).toBe(true);
    expect(second.isNew).toBe(false);
    expect((await post("/sign-in/email", { email: DEMO_FAN.email, password: DEMO_FAN.password })).status).toBe(200);
  });

  it("refuses a duplicate account from the CLI path", async () => {
    await expect(createAccount(auth, database.db, { email: "fan@example.test", password: "another password", name: "Dup" })).rejects.toThrow(/already exists/);
  });
});
