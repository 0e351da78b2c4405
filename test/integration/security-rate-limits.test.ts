import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { createAuth, type Auth } from "@/server/auth/create-auth";
import { AUTH_RATE_LIMIT_MESSAGE, EMAIL_LIMITS } from "@/server/auth/rate-limits";
import { createAccount } from "@/server/services/accounts";
import { createDevMailbox, listDevMailbox } from "@/server/services/mail";
import { consumeRateLimit, pruneRateLimits, rateLimitHeaders } from "@/server/services/rate-limit";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const ORIGIN = "http://localhost:3000";
const isPostgres = Boolean(process.env.TEST_DATABASE_URL);

let database: TestDatabase;
/** A second connection pool on the same PostgreSQL database: another instance of the app. */
let other: Database | undefined;

function authOn(db: Database["db"]): Auth {
  return createAuth({
    db,
    secret: "rate-limit-test-secret-rate-limit-test-secret",
    baseURL: ORIGIN,
    mailer: createDevMailbox(db, () => undefined),
    adminEmails: [],
    isRateLimited: true,
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  if (database.url) other = openDatabase({ url: database.url, poolSize: 5 });
});
afterAll(async () => {
  await other?.close();
  await database?.destroy();
});

let addressCounter = 0;
/** A fresh client address per call unless one is given, so per-address limits stay out of per-email tests. */
function post(auth: Auth, path: string, body: unknown, address = `198.51.100.${++addressCounter % 250}`) {
  return auth.handler(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": address },
      body: JSON.stringify(body),
    }),
  );
}

describe("consumeRateLimit", () => {
  it("allows `limit` hits per window, refuses the rest and starts over when the window ends", async () => {
    const start = new Date("2030-01-01T10:00:00Z");
    const hit = (offsetMs: number) => consumeRateLimit(database.db, { key: "test:window", limit: 3, windowMs: 60_000, now: new Date(start.getTime() + offsetMs) });
    const first = [await hit(0), await hit(1_000), await hit(2_000)];
    expect(first.map((d) => d.isAllowed)).toEqual([true, true, true]);
    const refused = await hit(30_000);
    expect(refused).toMatchObject({ isAllowed: false, count: 4, remaining: 0, retryAfterSeconds: 30 });
    expect(rateLimitHeaders(refused)).toMatchObject({ "Retry-After": "30", "RateLimit-Limit": "3", "RateLimit-Remaining": "0" });
    const afterWindow = await hit(60_000);
    expect(afterWindow).toMatchObject({ isAllowed: true, count: 1, remaining: 2 });
  });

  it("counts 40 simultaneous hits exactly once each: 10 allowed, 30 refused", async () => {
    const decisions = await Promise.all(Array.from({ length: 40 }, () => consumeRateLimit(database.db, { key: "test:burst", limit: 10, windowMs: 60_000 })));
    expect(decisions.filter((d) => d.isAllowed)).toHaveLength(10);
    expect(decisions.map((d) => d.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("refuses nonsense limits instead of allowing everything", async () => {
    await expect(consumeRateLimit(database.db, { key: "test:bad", limit: 0, windowMs: 1000 })).rejects.toThrow(/positive integer/);
    await expect(consumeRateLimit(database.db, { key: "test:bad", limit: 5, windowMs: Number.NaN })).rejects.toThrow(/windowMs/);
  });

  it("prunes counters whose window has ended", async () => {
    const now = new Date("2031-05-05T00:00:00Z");
    await consumeRateLimit(database.db, { key: "test:prune-old", limit: 1, windowMs: 1000, now: new Date(now.getTime() - 5_000) });
    await consumeRateLimit(database.db, { key: "test:prune-live", limit: 1, windowMs: 60_000, now });
    await pruneRateLimits(database.db, now);
    const keys = (await database.db.select({ key: rateLimits.key }).from(rateLimits).where(like(rateLimits.key, "test:prune%"))).map((r) => r.key);
    expect(keys).toEqual(["test:prune-live"]);
  });

  it.runIf(isPostgres)("shares one limit between two instances on the same PostgreSQL", async () => {
    const hits = Array.from({ length: 30 }, (_, i) => consumeRateLimit(i % 2 === 0 ? database.db : other!.db, { key: "test:two-instances", limit: 12, windowMs: 60_000 }));
    const decisions = await Promise.all(hits);
    expect(decisions.filter((d) => d.isAllowed)).toHaveLength(12);
    const fromOther = await consumeRateLimit(other!.db, { key: "test:two-instances", limit: 12, windowMs: 60_000 });
    expect(fromOther).toMatchObject({ isAllowed: false, count: 31 });
  });
});

describe("account endpoint limits", () => {
  it("limits sign-in per client address in the database (3 per 10 s), across instances when there are two", async () => {
    const first = authOn(database.db);
    const second = authOn(other?.db ?? database.db);
    const address = "203.0.113.9";
    const body = { email: "nobody-ip@example.test", password: "wrong password 1" };
    const statuses = [];
    for (const auth of [first, second, first]) statuses.push((await post(auth, "/sign-in/email", body, address)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const refused = await post(second, "/sign-in/email", body, address);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ message: AUTH_RATE_LIMIT_MESSAGE });
    expect(Number(refused.headers.get("x-retry-after"))).toBeGreaterThan(0);
    const rows = await database.db.select().from(rateLimits).where(like(rateLimits.key, "auth:ip:%203.0.113.9%"));
    expect(rows.length).toBeGreaterThan(0);
  });

  it("locks an email after 10 sign-in attempts with the same answer whether or not the account exists", async () => {
    const auth = authOn(database.db);
    await createAccount(auth, database.db, { email: "locked@example.test", password: "the real password", name: "Locked" });
    const { limit } = EMAIL_LIMITS["/sign-in/email"]!;
    const attempt = (email: string, password = "a wrong password") => post(auth, "/sign-in/email", { email, password });

    const answers: Record<string, { status: number; body: string; headers: string[] }[]> = { existing: [], unknown: [] };
    for (const [label, email] of [["existing", "locked@example.test"], ["unknown", "never-signed-up@example.test"]] as const) {
      for (let i = 0; i <= limit; i += 1) {
        const response = await attempt(email);
        answers[label]!.push({ status: response.status, body: await response.text(), headers: [...response.headers.keys()].sort() });
      }
    }
    expect(answers.existing!.map((a) => a.status)).toEqual([...Array(limit).fill(401), 429]);
    expect(answers.existing).toEqual(answers.unknown);
    expect(JSON.parse(answers.existing!.at(-1)!.body)).toEqual({ message: AUTH_RATE_LIMIT_MESSAGE });

    // The right password does not get past the lockout either, and other addresses are unaffected.
    expect((await attempt("locked@example.test", "the real password")).status).toBe(429);
    expect((await attempt("someone-else@example.test")).status).toBe(401);
  });

  it("clears an email's failed attempts when the right password is given", async () => {
    const auth = authOn(database.db);
    await createAccount(auth, database.db, { email: "forgetful@example.test", password: "remembered at last", name: "Forgetful" });
    for (let i = 0; i < 6; i += 1) expect((await post(auth, "/sign-in/email", { email: "forgetful@example.test", password: "not it" })).status).toBe(401);
    expect((await post(auth, "/sign-in/email", { email: "forgetful@example.test", password: "remembered at last" })).status).toBe(200);
    for (let i = 0; i < 9; i += 1) expect((await post(auth, "/sign-in/email", { email: "forgetful@example.test", password: "not it" })).status).toBe(401);
  });

  it("limits password-reset emails per address with the same answer for unknown emails, sending at most the limit", async () => {
    const auth = authOn(database.db);
    await createAccount(auth, database.db, { email: "reset-me@example.test", password: "original password", name: "Reset" });
    const { limit } = EMAIL_LIMITS["/request-password-reset"]!;
    const results: Record<string, { status: number; body: string }[]> = {};
    for (const email of ["reset-me@example.test", "no-such-fan@example.test"]) {
      results[email] = [];
      for (let i = 0; i <= limit + 1; i += 1) {
        const response = await post(auth, "/request-password-reset", { email, redirectTo: "/reset-password" });
        results[email]!.push({ status: response.status, body: await response.text() });
      }
    }
    expect(results["reset-me@example.test"]!.map((r) => r.status)).toEqual([...Array(limit).fill(200), 429, 429]);
    expect(results["reset-me@example.test"]).toEqual(results["no-such-fan@example.test"]);
    const mails = (await listDevMailbox(database.db, 200)).filter((mail) => mail.to === "reset-me@example.test");
    expect(mails).toHaveLength(limit);
  });

  it("limits sign-ups per client address and per email, with the same answer whether or not the account exists", async () => {
    const auth = authOn(database.db);
    const signUp = (email: string, address?: string) => post(auth, "/sign-up/email", { email, password: "a long enough password", name: "New Fan" }, address);
    const address = "203.0.113.77";
    const perAddress = [];
    for (let i = 0; i < 4; i += 1) perAddress.push((await signUp(`burst-${i}@example.test`, address)).status);
    expect(perAddress).toEqual([200, 200, 200, 429]);

    await createAccount(auth, database.db, { email: "taken@example.test", password: "the real password", name: "Taken" });
    const { limit } = EMAIL_LIMITS["/sign-up/email"]!;
    const answers: Record<string, { status: number; body: string }[]> = { existing: [], unknown: [] };
    for (const [label, email] of [["existing", "taken@example.test"], ["unknown", "fresh-signup@example.test"]] as const) {
      for (let i = 0; i <= limit; i += 1) {
        const response = await signUp(email);
        answers[label]!.push({ status: response.status, body: await response.text() });
      }
    }
    // A taken email is answered like a new one (Better Auth's made-up user, no email), and past the limit both
    // get Better Auth's own 429 text: neither answer says whether the account exists.
    expect(answers.existing!.map((answer) => answer.status)).toEqual([...Array(limit).fill(200), 429]);
    expect(answers.unknown!.map((answer) => answer.status)).toEqual(answers.existing!.map((answer) => answer.status));
    expect(answers.existing!.at(-1)).toEqual({ status: 429, body: JSON.stringify({ message: AUTH_RATE_LIMIT_MESSAGE }) });
    expect(answers.unknown!.at(-1)).toEqual(answers.existing!.at(-1));
  });

  it("counts nothing when limits are off (development and tests)", async () => {
    const relaxed = createAuth({ db: database.db, secret: "rate-limit-test-secret-rate-limit-test-secret", baseURL: ORIGIN, mailer: createDevMailbox(database.db, () => undefined), adminEmails: [], isRateLimited: false });
    for (let i = 0; i < 6; i += 1) expect((await post(relaxed, "/sign-in/email", { email: "relaxed@example.test", password: "wrong wrong" }, "192.0.2.1")).status).toBe(401);
    const rows = await database.db.select().from(rateLimits).where(like(rateLimits.key, "%192.0.2.1%"));
    expect(rows).toEqual([]);
  });
});
