import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TicketmasterClient } from "@/server/providers/ticketmaster/client";
import type { TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { describeQuota } from "@/server/services/quota/report";
import { callerFor } from "../support/callers";
import { insertTestUser, type TestDatabase } from "../support/test-db";
import { startQuotaFixture } from "./quota-fixture";

const KEY = "admin-key";
let fixture: Awaited<ReturnType<typeof startQuotaFixture>>;
let database: TestDatabase;
let fake: TicketmasterFake;
let client: TicketmasterClient;

beforeAll(async () => {
  fixture = await startQuotaFixture(KEY);
  ({ database, fake, client } = fixture);
});
afterAll(async () => fixture?.stop());

const adminCaller = (user: Awaited<ReturnType<typeof insertTestUser>>) => fixture.adminCaller(user);

describe("admin quota report", () => {
  it("reports exactly the calls in the fake's log, with the API's own remaining count", async () => {
    for (let page = 0; page < 5; page += 1) await client.getJson("/discovery/v2/events.json", { size: 3, page });
    await client.getJson("/discovery/v2/events/does-not-exist.json").catch(() => undefined);
    const admin = await insertTestUser(database, { role: "admin" });
    const report = await adminCaller(admin).admin.quota();
    const [key] = report.keys;
    const calls = fake.listCalls();
    expect(calls).toHaveLength(6);
    expect(key).toMatchObject({ keyLabel: client.keyLabel, isCurrentSource: true, used: calls.length, limit: 5000, callsLastHour: calls.length, spike429LastHour: 0, quota429LastHour: 0, errorsLastHour: 1 });
    // Our count includes the 404, which costs quota but carries no Rate-Limit headers; the API's own figure is
    // as of its last 200.
    expect(key!.used).toBe(fake.readQuota(KEY).used);
    expect(key!.reportedAvailable).toBe(5000 - 5);
    expect(key!.verdict).toMatch(/^On track: 6 of 5,000 calls used/);
    expect(key!.keyLabel).not.toContain(KEY);
    expect(report.circuit.state).toBe("closed");
  });

  it("is for admins only", async () => {
    const fan = await insertTestUser(database);
    const error = await callerFor(database, fan).admin.quota().catch((caught: unknown) => caught);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
  });

  it("says plainly when the budget runs ahead of the window or is nearly spent", () => {
    const start = new Date("2026-11-21T00:00:00Z");
    const reset = new Date("2026-11-22T00:00:00Z");
    const noon = new Date("2026-11-21T12:00:00Z");
    expect(describeQuota(1_840, 5_000, start, reset, noon)).toMatchObject({ tone: "ok", verdict: "On track: 1,840 of 5,000 calls used, 50% of the window gone." });
    expect(describeQuota(4_000, 5_000, start, reset, noon).tone).toBe("warn");
    expect(describeQuota(4_900, 5_000, start, reset, noon).tone).toBe("bad");
  });
});
