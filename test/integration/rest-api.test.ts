import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { alerts, users, watches } from "@/db/schema";
import { createTokenRateLimiter } from "@/server/rest/rate-limit";
import { restRoutes } from "@/server/rest/routes";
import type { RestDeps } from "@/server/rest/types";
import { recordObservedEvents } from "@/server/services/events";
import { createApiToken } from "@/server/services/tokens";
import { createCliStore, runNpmScript, type CliStore } from "../support/cli";
import { startRestServer, type RestServer } from "../support/rest-server";
import { insertTestUser } from "../support/test-db";
import { buildEvent } from "./delivery-fixtures";

let store: CliStore;
let database: Database;
let server: RestServer;
/** Alice's read-write token, printed by `npm run token:create`. */
let aliceToken: string;
let aliceReadOnly: string;
let bobToken: string;
let adminToken: string;
let aliceId: string;

const source: RestDeps["source"] = {
  keyLabel: "tm:test",
  dataSource: "sandbox",
  hasSectionData: false,
  readCircuit: () => ({ state: "closed", consecutiveFailures: 0, openedAt: null, retryAt: null }),
};

const arsenalWatch = { name: "Arsenal home games", attractions: [{ id: "K8vZ9171oZ7", name: "Arsenal" }], countryCode: "gb", maxPrice: 85.5, currency: "gbp" };

beforeAll(async () => {
  store = await createCliStore();
  // The operator's path: an account and a token from the CLI, before the database is opened here (PGlite
  // admits one process at a time).
  const created = await runNpmScript("user:create", ["--email", "alice@example.test", "--password", "a-long-password"], store.env);
  expect(created.code, created.stderr).toBe(0);
  const minted = await runNpmScript("token:create", ["--email", "alice@example.test", "--name", "Integration"], store.env);
  expect(minted.code, minted.stderr).toBe(0);
  aliceToken = minted.stdout.trim();

  database = await store.open();
  const [alice] = await database.db.select().from(users).where(eq(users.email, "alice@example.test"));
  aliceId = alice!.id;
  const bob = await insertTestUser(database, { name: "Bob" });
  const admin = await insertTestUser(database, { name: "Ada", role: "admin" });
  aliceReadOnly = (await createApiToken(database.db, aliceId, { name: "Reader", access: "read-only" })).token;
  bobToken = (await createApiToken(database.db, bob.id, { name: "Bob's", access: "read-write" })).token;
  adminToken = (await createApiToken(database.db, admin.id, { name: "Ops", access: "read-only" })).token;
  server = await startRestServer({ db: database.db, source, rateLimiter: createTokenRateLimiter(database.db) });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
  await store?.destroy();
});

function call(path: string, options: { token?: string | null; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const token = options.token === undefined ? aliceToken : options.token;
  const headers: Record<string, string> = { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  return fetch(`${server.url}${path}`, { method: options.method ?? "GET", headers, body });
}

/** The body, checked against the schema the OpenAPI document gives for this operation's success. */
async function documented<T>(operationId: string, response: Response): Promise<T> {
  const route = restRoutes.find((candidate) => candidate.operationId === operationId)!;
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(route.response.status);
  return route.response.schema.parse(body) as T;
}

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] } };
  return { status: response.status, ...body.error };
}

describe("REST API v1 with a token from npm run token:create", () => {
  it("creates, lists, reads, edits and deletes a watch", async () => {
    const created: { id: string; name: string; countryCode: string; maxPrice: number; currency: string; userId: string } = await documented("createWatch", await call("/api/v1/watches", { method: "POST", body: arsenalWatch }));
    expect(created).toMatchObject({ name: "Arsenal home games", countryCode: "GB", maxPrice: 85.5, currency: "GBP", userId: aliceId });

    const listed: { watches: { id: string }[] } = await documented("listWatches", await call("/api/v1/watches"));
    expect(listed.watches.map((watch) => watch.id)).toContain(created.id);
    expect(await documented("getWatch", await call(`/api/v1/watches/${created.id}`))).toMatchObject({ id: created.id, name: "Arsenal home games" });

    const edited = await documented("updateWatch", await call(`/api/v1/watches/${created.id}`, { method: "PATCH", body: { name: "Arsenal, cheap seats", maxPrice: 40 } }));
    expect(edited).toMatchObject({ id: created.id, name: "Arsenal, cheap seats", maxPrice: 40, currency: "GBP" });
    const [row] = await database.db.select().from(watches).where(eq(watches.id, created.id));
    expect(row).toMatchObject({ name: "Arsenal, cheap seats", maxPriceMinor: 4000 });

    const deleted: { id: string; restorableUntil: string } = await documented("deleteWatch", await call(`/api/v1/watches/${created.id}`, { method: "DELETE" }));
    expect(deleted.id).toBe(created.id);
    expect(new Date(deleted.restorableUntil).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect((await errorOf(await call(`/api/v1/watches/${created.id}`))).status).toBe(404);
    const after: { watches: { id: string }[] } = await documented("listWatches", await call("/api/v1/watches"));
    expect(after.watches.map((watch) => watch.id)).not.toContain(created.id);
  });

  it("lists alerts since an instant and for one watch, and refuses another fan's watch", async () => {
    const watch: { id: string } = await documented("createWatch", await call("/api/v1/watches", { method: "POST", body: { ...arsenalWatch, name: "For alerts" } }));
    const stored = await recordObservedEvents(database.db, [buildEvent("ALERT-1")], { now: new Date(), sourceNow: new Date() });
    const eventId = stored.rowIds.get("ALERT-1")!;
    const times = ["2030-01-01T10:00:00Z", "2030-01-01T11:00:00Z", "2030-01-01T12:00:00Z"];
    await database.db.insert(alerts).values(
      times.map((at, index) => ({
        userId: aliceId, watchId: watch.id, eventId, kind: "on-sale", stage: "on-sale", bucket: String(index), provider: "ticketmaster", providerEventId: "ALERT-1",
        origin: "change" as const, decidedAt: new Date(at), createdAt: new Date(at), idempotencyKey: `rest-${index}`, title: `Alert ${index}`, body: "On sale now", url: "https://www.ticketmaster.co.uk/e", payload: {},
      })),
    );

    const all: { alerts: { title: string; watchId: string }[] } = await documented("listAlerts", await call(`/api/v1/alerts?watchId=${watch.id}`));
    expect(all.alerts.map((alert) => alert.title)).toEqual(["Alert 2", "Alert 1", "Alert 0"]);
    const since: { alerts: { title: string }[] } = await documented("listAlerts", await call(`/api/v1/alerts?since=${encodeURIComponent(times[0]!)}&limit=10`));
    expect(since.alerts.map((alert) => alert.title)).toEqual(["Alert 2", "Alert 1"]);
    expect((await documented<{ alerts: unknown[] }>("listAlerts", await call("/api/v1/alerts", { token: bobToken }))).alerts).toEqual([]);
    expect(await errorOf(await call(`/api/v1/alerts?watchId=${watch.id}`, { token: bobToken }))).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  it("searches events by text, city, type, dates and maximum price, and shows one event with its price history", async () => {
    const first = new Date("2030-02-01T09:00:00Z");
    await recordObservedEvents(
      database.db,
      [
        buildEvent("EV-LON", { name: "Coldplay at Wembley", venue: { id: "V1", name: "Wembley Stadium", city: "London", stateCode: null, countryCode: "GB", latitude: null, longitude: null, timezone: "Europe/London" }, classification: { segment: "Music", genre: "Rock", subGenre: null } as never, priceRange: { minMinor: 8000, maxMinor: 15000, currency: "GBP" } }),
        buildEvent("EV-MAN", { name: "City v United", start: { localDate: "2026-09-01", localTime: "15:00:00", dateTime: "2026-09-01T14:00:00Z", timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false }, venue: { id: "V2", name: "Etihad", city: "Manchester", stateCode: null, countryCode: "GB", latitude: null, longitude: null, timezone: "Europe/London" }, classification: { segment: "Sports", genre: "Football", subGenre: null } as never, priceRange: { minMinor: 2500, maxMinor: 9000, currency: "GBP" } }),
        buildEvent("EV-TYO", { name: "Tokyo Dome show", venue: { id: "V3", name: "Tokyo Dome", city: "Tokyo", stateCode: null, countryCode: "JP", latitude: null, longitude: null, timezone: "Asia/Tokyo" }, priceRange: { minMinor: 5000, maxMinor: 12000, currency: "JPY" } }),
      ],
      { now: first, sourceNow: first },
    );
    // A later sighting at a lower price adds to Wembley's price history.
    const later = new Date("2030-02-02T09:00:00Z");
    const second = await recordObservedEvents(database.db, [buildEvent("EV-LON", { name: "Coldplay at Wembley", venue: { id: "V1", name: "Wembley Stadium", city: "London", stateCode: null, countryCode: "GB", latitude: null, longitude: null, timezone: "Europe/London" }, classification: { segment: "Music", genre: "Rock", subGenre: null } as never, priceRange: { minMinor: 6500, maxMinor: 15000, currency: "GBP" } })], { now: later, sourceNow: later });
    const wembleyId = second.rowIds.get("EV-LON")!;

    const names = async (query: string) => ((await documented<{ events: { name: string }[] }>("searchEvents", await call(`/api/v1/events?${query}`))).events.map((event) => event.name).sort());
    expect(await names("q=wembley")).toEqual(["Coldplay at Wembley"]);
    expect(await names("city=manchester")).toEqual(["City v United"]);
    expect(await names("type=Sports")).toEqual(["City v United"]);
    expect(await names("from=2026-08-01&to=2026-10-01")).toEqual(["City v United"]);
    // 30 in each event's own currency: £25 qualifies, £65 does not, and ¥5000 is far above ¥30.
    expect(await names("maxPrice=30")).toEqual(["City v United"]);
    expect(await names("maxPrice=6000&currency=JPY")).toEqual(["Tokyo Dome show"]);

    const detail: { name: string; priceHistory: { minMinor: number }[]; unknowns: string[] } = await documented("getEvent", await call(`/api/v1/events/${wembleyId}`, { token: aliceReadOnly }));
    expect(detail.name).toBe("Coldplay at Wembley");
    expect(detail.priceHistory.map((point) => point.minMinor).sort()).toEqual([6500, 8000]);
    expect(detail.unknowns).toContain("sections");
    expect(await errorOf(await call("/api/v1/events/00000000-0000-4000-8000-000000000000"))).toMatchObject({ status: 404, message: "Event not found" });
  });
});

describe("REST API v1 refusals", () => {
  it("answers another fan's watch, an unknown id and a malformed id with 404, and changes nothing", async () => {
    const watch: { id: string } = await documented("createWatch", await call("/api/v1/watches", { method: "POST", body: { ...arsenalWatch, name: "Alice's own" } }));
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const answer = await errorOf(await call(`/api/v1/watches/${watch.id}`, { token: bobToken, method, body: method === "PATCH" ? { name: "Bob was here" } : undefined }));
      expect(answer).toMatchObject({ status: 404, code: "NOT_FOUND", message: "Watch not found" });
    }
    expect(await errorOf(await call("/api/v1/watches/6f1c1f2e-8a5b-4c1d-9e3f-2a4b6c8d0e1f"))).toMatchObject({ status: 404, message: "Watch not found" });
    expect(await errorOf(await call("/api/v1/watches/not-a-uuid"))).toMatchObject({ status: 404, message: "Watch not found" });
    const [row] = await database.db.select().from(watches).where(eq(watches.id, watch.id));
    expect(row).toMatchObject({ name: "Alice's own", deletedAt: null });
  });

  it("refuses invalid JSON input with 400 and the path of every bad field, and writes nothing", async () => {
    const before = (await database.db.select().from(watches)).length;
    const invalid = await errorOf(await call("/api/v1/watches", { method: "POST", body: { ...arsenalWatch, name: "", maxPrice: -5, attractions: [{ id: "", name: "Arsenal" }] } }));
    expect(invalid).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(invalid.issues).toEqual(
      expect.arrayContaining([
        { path: ["name"], message: "Give the watch a name" },
        { path: ["maxPrice"], message: "Maximum price can't be negative" },
        { path: ["attractions", 0, "id"], message: "id is required" },
      ]),
    );
    expect(invalid.message).toMatch(/^\w+(\.\w+)*: /);

    const crossField = await errorOf(await call("/api/v1/watches", { method: "POST", body: { ...arsenalWatch, currency: undefined } }));
    expect(crossField).toMatchObject({ status: 400, issues: [{ path: ["currency"], message: "Choose a currency for the price" }] });

    const notJson = await errorOf(await call("/api/v1/watches", { method: "POST", body: '{"name": "Arsenal",' }));
    expect(notJson).toMatchObject({ status: 400, code: "BAD_REQUEST", message: expect.stringMatching(/not valid JSON/) });
    const empty = await errorOf(await call("/api/v1/watches", { method: "POST", body: "" }));
    expect(empty).toMatchObject({ status: 400, message: expect.stringMatching(/empty/) });

    const badQuery = await errorOf(await call("/api/v1/alerts?limit=lots&since=yesterday"));
    expect(badQuery.status).toBe(400);
    expect(badQuery.issues?.map((issue) => issue.path)).toEqual(expect.arrayContaining([["limit"], ["since"]]));
    expect(await errorOf(await call("/api/v1/events?colour=red"))).toMatchObject({ status: 400, issues: [{ path: ["colour"] }] });
    expect((await database.db.select().from(watches)).length).toBe(before);
  });

  it("refuses a non-JSON body with 415 and a body over 64 KB with 413, whether declared or streamed", async () => {
    const before = (await database.db.select().from(watches)).length;
    expect(await errorOf(await call("/api/v1/watches", { method: "POST", body: "name=Arsenal", headers: { "Content-Type": "text/plain" } }))).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(await errorOf(await call("/api/v1/watches", { method: "POST", body: JSON.stringify(arsenalWatch), headers: { "Content-Type": "application/x-www-form-urlencoded" } }))).toMatchObject({ status: 415 });

    const large = JSON.stringify({ ...arsenalWatch, keyword: "x".repeat(70 * 1024) });
    expect(await errorOf(await call("/api/v1/watches", { method: "POST", body: large }))).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
    // No Content-Length (chunked): the limit holds on the bytes actually read.
    const chunks = [large.slice(0, 40_000), large.slice(40_000)];
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const response = await fetch(`${server.url}/api/v1/watches`, { method: "POST", headers: { Authorization: `Bearer ${aliceToken}`, "Content-Type": "application/json" }, body: streamed, duplex: "half" } as RequestInit);
    expect(await errorOf(response)).toMatchObject({ status: 413 });
    expect((await database.db.select().from(watches)).length).toBe(before);
  });

  it("answers 401 without a valid token and 403 when the token may not do it", async () => {
    const missing = await call("/api/v1/watches", { token: null });
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await errorOf(missing)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect(await errorOf(await call("/api/v1/watches", { token: "sw_" + "A".repeat(43) }))).toMatchObject({ status: 401 });
    expect(await errorOf(await call("/api/v1/watches", { token: null, headers: { Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }))).toMatchObject({ status: 401 });
    expect(await errorOf(await call("/api/v1/watches", { token: null, method: "POST", body: arsenalWatch }))).toMatchObject({ status: 401 });

    const before = (await database.db.select().from(watches)).length;
    expect(await errorOf(await call("/api/v1/watches", { token: aliceReadOnly, method: "POST", body: arsenalWatch }))).toMatchObject({ status: 403, code: "FORBIDDEN", message: expect.stringMatching(/read-only/) });
    expect((await database.db.select().from(watches)).length).toBe(before);
    expect((await call("/api/v1/watches", { token: aliceReadOnly })).status).toBe(200);

    expect(await errorOf(await call("/api/v1/quota"))).toMatchObject({ status: 403, message: "Admins only" });
    expect(await documented("getQuota", await call("/api/v1/quota", { token: adminToken }))).toHaveProperty("keys");
  });

  it("answers an unsupported method with 405 and Allow, and an unknown path with 404", async () => {
    const put = await call("/api/v1/watches", { method: "PUT", body: arsenalWatch });
    expect(put.headers.get("allow")).toBe("GET, POST");
    expect(await errorOf(put)).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    expect(await errorOf(await call("/api/v1/nothing-here"))).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  it("limits each token: 429 with Retry-After once its allowance is spent, other tokens unaffected", async () => {
    const limited = await startRestServer({ db: database.db, source, rateLimiter: createTokenRateLimiter(database.db, { limit: 3, windowMs: 60_000 }) });
    try {
      const token = (await createApiToken(database.db, aliceId, { name: "Busy script", access: "read-only" })).token;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${limited.url}/api/v1/watches`, { headers: { Authorization: `Bearer ${token}` } })).status);
      expect(statuses).toEqual([200, 200, 200]);
      const refused = await fetch(`${limited.url}/api/v1/watches`, { headers: { Authorization: `Bearer ${token}` } });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get("ratelimit-remaining")).toBe("0");
      expect(await errorOf(refused)).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS" });
      const other = (await createApiToken(database.db, aliceId, { name: "Quiet script", access: "read-only" })).token;
      expect((await fetch(`${limited.url}/api/v1/watches`, { headers: { Authorization: `Bearer ${other}` } })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("REST API v1 health", () => {
  it("reports liveness and a reachable database without a token, and 503 when the database is gone", async () => {
    const healthy: { status: string; database: string } = await documented("getHealth", await call("/api/v1/health", { token: null }));
    expect(healthy).toMatchObject({ status: "ok", database: "ok" });

    // A PostgreSQL nobody listens on (port 1): every query fails at once.
    const gone = openDatabase({ url: "postgres://seatwatch@127.0.0.1:1/gone", poolSize: 1 });
    const logged: unknown[] = [];
    const broken = await startRestServer({ db: gone.db, source, rateLimiter: createTokenRateLimiter(gone.db), logError: (error, request) => logged.push({ error, ...request }) });
    try {
      const response = await fetch(`${broken.url}/api/v1/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "unavailable", database: "unreachable" });
      // Anything unexpected is a 500 in the usual shape that says nothing of the cause; the log gets it.
      const failed = await fetch(`${broken.url}/api/v1/watches`, { headers: { Authorization: `Bearer ${aliceToken}`, "X-Request-Id": "req-rest-test-1" } });
      const answer = await errorOf(failed);
      expect(answer).toEqual({ status: 500, code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side; try again shortly" });
      expect(logged).toEqual([expect.objectContaining({ method: "GET", path: "/api/v1/watches", requestId: "req-rest-test-1", error: expect.any(Error) })]);
    } finally {
      await broken.close();
      await gone.close();
    }
  });
});
