import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type Auth } from "@/server/auth/create-auth";
import { createSessionCache, SESSION_CACHE_TTL_MS } from "@/server/auth/session-cache";
import { createRestApi } from "@/server/rest/handler";
import { createTokenRateLimiter } from "@/server/rest/rate-limit";
import { createAccount } from "@/server/services/accounts";
import { createDevMailbox } from "@/server/services/mail";
import type { AuthenticatedToken } from "@/server/services/tokens";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

const ORIGIN = "http://localhost:3000";
const SECRET = "session-cache-secret-session-cache-secret";
let database: TestDatabase;
let auth: Auth;

beforeAll(async () => {
  database = await createTestDatabase();
  const mailer = createDevMailbox(database.db, () => undefined);
  auth = createAuth({ db: database.db, secret: SECRET, baseURL: ORIGIN, mailer, adminEmails: [] });
});
afterAll(() => database?.destroy());

async function signIn(email: string) {
  await createAccount(auth, database.db, { email, password: "cached password", name: "Cached" });
  const response = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN }, body: JSON.stringify({ email, password: "cached password" }) }),
  );
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

async function signOut(cookie: string) {
  const response = await auth.handler(new Request(`${ORIGIN}/api/auth/sign-out`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN, cookie }, body: "{}" }));
  expect(response.status).toBe(200);
}

describe("session cache", () => {
  it("looks a cookie's session up once per TTL, and a signed-out session ends for it when the TTL runs out", async () => {
    let now = 1_000_000;
    const cache = createSessionCache<Awaited<ReturnType<Auth["api"]["getSession"]>>>({ now: () => now });
    let lookups = 0;
    const read = (cookie: string) =>
      cache.read(cookie, () => {
        lookups += 1;
        return auth.api.getSession({ headers: new Headers({ cookie }) });
      });
    const cookie = await signIn("cached@example.test");

    expect((await read(cookie))?.user.email).toBe("cached@example.test");
    expect((await read(cookie))?.user.email).toBe("cached@example.test");
    expect(lookups).toBe(1);

    await signOut(cookie);
    // The revocation bound: within the TTL the process still trusts what it looked up.
    now += SESSION_CACHE_TTL_MS - 1;
    expect((await read(cookie))?.user.email).toBe("cached@example.test");
    now += 1;
    expect(await read(cookie)).toBeNull();
    expect(lookups).toBe(2);
  });

  it("trusts a REST token for the TTL at most once it is revoked, and only when the API is given a cache", async () => {
    let now = 2_000_000;
    const fan = await insertTestUser(database, { name: "Token cache" });
    const token = await callerFor(database, fan).tokens.create({ name: "Script", access: "read-only" });
    const source = { keyLabel: "tm:test", dataSource: "sandbox", hasSectionData: false, readCircuit: () => ({ state: "closed" as const, consecutiveFailures: 0, openedAt: null, retryAt: null }) };
    const rateLimiter = createTokenRateLimiter(database.db);
    const cached = createRestApi({ db: database.db, source, rateLimiter, tokenCache: createSessionCache<AuthenticatedToken>({ now: () => now }) });
    const uncached = createRestApi({ db: database.db, source, rateLimiter });
    const list = (api: typeof cached) => api.handle(new Request(`${ORIGIN}/api/v1/watches`, { headers: { authorization: `Bearer ${token.token}` } })).then((response) => response.status);

    expect(await list(cached)).toBe(200);
    expect(await list(uncached)).toBe(200);
    await callerFor(database, fan).tokens.revoke({ id: token.id });
    expect(await list(uncached)).toBe(401);
    now += SESSION_CACHE_TTL_MS - 1;
    expect(await list(cached)).toBe(200);
    now += 1;
    expect(await list(cached)).toBe(401);
  });

  it("never remembers a cookie that names no session, nor a request without cookies", async () => {
    const cache = createSessionCache<{ user: string }>();
    let lookups = 0;
    const missing = () => {
      lookups += 1;
      return Promise.resolve(null);
    };
    await cache.read("seatwatch.session_token=forged.value", missing);
    await cache.read("seatwatch.session_token=forged.value", missing);
    await cache.read(null, missing);
    expect(lookups).toBe(3);
    expect(cache.size()).toBe(0);
  });

  it("keeps at most maxEntries sessions, dropping the oldest first", async () => {
    const cache = createSessionCache<{ user: string }>({ maxEntries: 2 });
    const loads: string[] = [];
    const load = (name: string) => () => {
      loads.push(name);
      return Promise.resolve({ user: name });
    };
    await cache.read("a", load("a"));
    await cache.read("b", load("b"));
    await cache.read("c", load("c"));
    expect(cache.size()).toBe(2);
    await cache.read("b", load("b"));
    await cache.read("a", load("a"));
    expect(loads).toEqual(["a", "b", "c", "a"]);
  });
});
