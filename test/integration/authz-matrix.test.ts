import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { createRestApi } from "@/server/rest/handler";
import { createTokenRateLimiter } from "@/server/rest/rate-limit";
import { restRoutes } from "@/server/rest/routes";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { callProcedure, createFixture, fingerprintDatabase, mintRestTokens, PROCEDURES, REST_ROLES, REST_ROUTES, ROLES, type Fixture, type Outcome, type RestRole, type Role, type UserRow } from "./authz-procedures";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

function userFor(role: Role, fixture: Fixture): UserRow | null {
  return { anonymous: null, fan: fixture.owner, otherFan: fixture.otherFan, admin: fixture.admin }[role];
}

async function outcomeOf(promise: Promise<unknown>): Promise<{ outcome: Outcome | "INTERNAL"; error?: unknown }> {
  try {
    await promise;
    return { outcome: "ok" };
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") return { outcome: error.code, error };
    return { outcome: "INTERNAL", error };
  }
}

describe("authorization matrix: tRPC", () => {
  it("has a row for every procedure in appRouter, and none for a procedure that is gone", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures.filter((name) => !(name in PROCEDURES)), "procedures missing from test/integration/authz-procedures.ts").toEqual([]);
    expect(Object.keys(PROCEDURES).filter((name) => !procedures.includes(name)), "rows for procedures that no longer exist").toEqual([]);
  });

  it.each(Object.keys(PROCEDURES))("%s answers anonymous, another fan, an admin and its owner exactly as the table says", async (name) => {
    const spec = PROCEDURES[name]!;
    const fixture = await createFixture(database);
    await spec.prepare?.(fixture, database);
    const input = spec.input?.(fixture);
    const seen: Partial<Record<Role, string>> = {};
    for (const role of ROLES) {
      const expected = spec.expect[role];
      const before = await fingerprintDatabase(database);
      const caller = callerFor(database, userFor(role, fixture), { notifications: fixture.notifications });
      const { outcome, error } = await outcomeOf(callProcedure(caller, name, input));
      seen[role] = outcome === "INTERNAL" ? `INTERNAL (${String(error)})` : outcome;
      const isRefusal = expected !== "ok" && expected !== "ok-unchanged";
      if (isRefusal || expected === "ok-unchanged") {
        expect(await fingerprintDatabase(database), `${role} changed the database`).toEqual(before);
      }
      if (role !== "fan" && error) {
        // A refusal never quotes the owner's data.
        const text = `${(error as Error).message} ${JSON.stringify(error)}`;
        expect(text).not.toContain(fixture.watchName);
        expect(text).not.toContain(fixture.owner.email);
      }
    }
    const expected = Object.fromEntries(ROLES.map((role) => [role, spec.expect[role] === "ok-unchanged" ? "ok" : spec.expect[role]]));
    expect(seen).toEqual(expected);
  });
});

/**
 * The REST route table (server/rest/routes.ts): the same four callers by bearer token, plus the owner's
 * read-only token. A new route fails the first test until it has a row in REST_ROUTES.
 */
describe("authorization matrix: REST API v1", () => {
  const source = { keyLabel: "tm:test", dataSource: "sandbox", hasSectionData: false, readCircuit: () => ({ state: "closed" as const, consecutiveFailures: 0, openedAt: null, retryAt: null }) };

  it("has a row for every REST route, and none for a route that is gone", () => {
    const routes = restRoutes.map((route) => `${route.method} ${route.path}`).sort();
    expect(routes.filter((route) => !(route in REST_ROUTES)), "routes missing from REST_ROUTES in test/integration/authz-procedures.ts").toEqual([]);
    expect(Object.keys(REST_ROUTES).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it.each(Object.keys(REST_ROUTES))("%s answers each token (or none) exactly as the table says", async (key) => {
    const spec = REST_ROUTES[key]!;
    const fixture = await createFixture(database);
    const tokens = await mintRestTokens(database, fixture);
    const api = createRestApi({ db: database.db, source, rateLimiter: createTokenRateLimiter(database.db) });
    const method = key.split(" ")[0]!;
    const { path, body } = spec.request(fixture);
    const seen: Partial<Record<RestRole, number>> = {};
    for (const role of REST_ROLES) {
      const before = await fingerprintDatabase(database, { ignore: ["api_tokens", "rate_limits"] });
      const headers: Record<string, string> = tokens[role] ? { authorization: `Bearer ${tokens[role]}` } : {};
      if (body !== undefined) headers["content-type"] = "application/json";
      const response = await api.handle(new Request(`http://localhost:3000${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
      seen[role] = response.status;
      const text = await response.text();
      if (response.status >= 400) {
        expect(await fingerprintDatabase(database, { ignore: ["api_tokens", "rate_limits"] }), `${role} changed the database`).toEqual(before);
        expect(text).not.toContain(fixture.watchName);
      }
    }
    expect(seen).toEqual(spec.expect);
  });
});
