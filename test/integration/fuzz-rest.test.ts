import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestApi } from "@/server/rest/handler";
import { createTokenRateLimiter } from "@/server/rest/rate-limit";
import { restRoutes } from "@/server/rest/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { createFixture, fingerprintDatabase, mintRestTokens, REST_ROUTES, type Fixture } from "./authz-procedures";
import { CRITICAL_STRINGS, criticalInputs, hostileInputs, hostileString, preview } from "./fuzz-inputs";

/**
 * The REST API's bodies and query strings, fuzzed like the tRPC inputs (the same schemas behind another
 * parser): never a 5xx, and a refused request leaves every table as it was.
 */

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 9);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** A token's last use and the per-token counter are written for every authenticated request, refused or not. */
const BOOKKEEPING_TABLES = ["api_tokens", "rate_limits", "verification_throttles"];
const source = { keyLabel: "tm:test", dataSource: "sandbox", hasSectionData: false, readCircuit: () => ({ state: "closed" as const, consecutiveFailures: 0, openedAt: null, retryAt: null }) };

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  console.log(`[fuzz] REST seed ${SEED} (set FUZZ_SEED=${SEED} to replay)`);
});
afterAll(async () => database?.destroy());

/** Routes that take a body or a query string, by their table key. */
const withInput = restRoutes.filter((route) => route.body || route.query).map((route) => `${route.method} ${route.path}`);

function toQueryString(values: unknown): string {
  // URLSearchParams, not encodeURIComponent: a browser sends an unpaired surrogate as U+FFFD rather than throwing.
  const params = new URLSearchParams();
  if (!values || typeof values !== "object" || Array.isArray(values)) return `?${new URLSearchParams({ q: String(values) }).toString()}`;
  for (const [key, value] of Object.entries(values)) params.append(key, typeof value === "string" ? value : JSON.stringify(value) ?? "");
  return `?${params.toString()}`;
}

describe("fuzzing the REST API's bodies and query strings", () => {
  it.each(withInput)("%s: hostile input never gets a 5xx and a refused one changes nothing", async (key) => {
    const route = restRoutes.find((candidate) => `${candidate.method} ${candidate.path}` === key)!;
    const fixture: Fixture = await createFixture(database);
    const tokens = await mintRestTokens(database, fixture);
    const token = route.access === "admin" ? tokens.admin : tokens.fan;
    const api = createRestApi({ db: database.db, source, rateLimiter: createTokenRateLimiter(database.db, { limit: 100_000, windowMs: 60_000 }) });
    const { path, body } = REST_ROUTES[key]!.request(fixture);
    const [pathname, search] = path.split("?");
    const valid = route.body ? body : Object.fromEntries(new URLSearchParams(search ?? ""));
    let baseline = await fingerprintDatabase(database, { ignore: BOOKKEEPING_TABLES });

    await fc.assert(
      fc.asyncProperty(hostileInputs(valid), async (input) => {
        const url = `http://localhost:3000${pathname}${route.body ? "" : toQueryString(input)}`;
        const init: RequestInit = { method: route.method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } };
        if (route.body) init.body = JSON.stringify(input) ?? "null";
        const response = await api.handle(new Request(url, init));
        const text = await response.text();
        const after = await fingerprintDatabase(database, { ignore: BOOKKEEPING_TABLES });
        const changed = JSON.stringify(after) !== JSON.stringify(baseline);
        baseline = after;
        if (response.status >= 500) throw new Error(`answered ${response.status} for ${preview(input)}: ${text.slice(0, 200)}`);
        if (response.status >= 400 && changed) throw new Error(`refused with ${response.status} but changed the database, for ${preview(input)}`);
      }),
      { numRuns: RUNS_PER_ROUTE, seed: SEED + withInput.indexOf(key), endOnFailure: true, examples: criticalInputs(valid).map((input) => [input] as [unknown]) },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** Routes that name a resource in their path. */
const withId = restRoutes.filter((route) => route.path.includes("{id}")).map((route) => `${route.method} ${route.path}`);

describe("fuzzing the REST API's path ids", () => {
  it.each(withId)("%s: a hostile id is answered 4xx, never 5xx, and changes nothing", async (key) => {
    const route = restRoutes.find((candidate) => `${candidate.method} ${candidate.path}` === key)!;
    const fixture: Fixture = await createFixture(database);
    const tokens = await mintRestTokens(database, fixture);
    const api = createRestApi({ db: database.db, source, rateLimiter: createTokenRateLimiter(database.db, { limit: 100_000, windowMs: 60_000 }) });
    const { body } = REST_ROUTES[key]!.request(fixture);
    const baseline = await fingerprintDatabase(database, { ignore: BOOKKEEPING_TABLES });

    await fc.assert(
      // An empty id, or ".", is another path: `/watches/` (and `/watches/.`, which URL parsing resolves to it,
      // as any client does) is the list (the router ignores a trailing slash).
      fc.asyncProperty(fc.oneof(hostileString.filter((id) => id !== "" && id !== "."), fc.constantFrom(...CRITICAL_STRINGS, "00000000-0000-0000-0000-000000000000", `${fixture.watchId}x`, "..", "%00")), async (id) => {
        // URLSearchParams-style encoding: a lone surrogate becomes U+FFFD, as a browser would send it.
        const segment = new URLSearchParams({ id }).toString().slice(3);
        const init: RequestInit = { method: route.method, headers: { authorization: `Bearer ${tokens.fan}`, "content-type": "application/json" } };
        if (route.body) init.body = JSON.stringify(body);
        const response = await api.handle(new Request(`http://localhost:3000${route.path.replace("{id}", segment)}`, init));
        const text = await response.text();
        if (response.status < 400 || response.status >= 500) throw new Error(`answered ${response.status} for id ${preview(id)}: ${text.slice(0, 200)}`);
        const after = await fingerprintDatabase(database, { ignore: BOOKKEEPING_TABLES });
        if (JSON.stringify(after) !== JSON.stringify(baseline)) throw new Error(`refused with ${response.status} but changed the database, for id ${preview(id)}`);
      }),
      { numRuns: RUNS_PER_ROUTE, seed: SEED + withId.indexOf(key), endOnFailure: true },
    );
  });
});
