import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { providerCalls, quotaWindows } from "@/db/schema";
import { labelApiKey } from "@/server/providers/http";
import { TicketmasterClient, TICKETMASTER_MIN_GAP_MS, TICKETMASTER_MIN_IDLE_MS } from "@/server/providers/ticketmaster/client";
import { ProviderError } from "@/server/providers/types";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { buildSandboxWorld } from "@/server/sandbox/world";
import { PgPacer, PgQuotaGate } from "@/server/services/quota/pg-quota";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const KEY = "ledger-key";
let database: TestDatabase;
let fake: TicketmasterFake;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startTicketmasterFake({ port: 0, key: KEY, world: buildSandboxWorld(7, new Date()) });
});
afterAll(async () => {
  await fake?.close();
  await database?.destroy();
});
beforeEach(async () => {
  fake.clearCalls();
  fake.resetCounters();
  await database.db.delete(providerCalls);
  await database.db.delete(quotaWindows);
});

/** One client per simulated process: its own pacer and gate objects, sharing only the database. */
function processClient(owner: string, options: { limit?: number; reserve?: number } = {}) {
  const keyLabel = labelApiKey("tm", KEY);
  const gate = new PgQuotaGate({ db: database.db, provider: "ticketmaster", owner, limit: options.limit, reserve: options.reserve });
  const pacer = new PgPacer({ db: database.db, provider: "ticketmaster", keyLabel }, { minGapMs: TICKETMASTER_MIN_GAP_MS, minIdleMs: TICKETMASTER_MIN_IDLE_MS });
  return new TicketmasterClient({ apiKey: KEY, baseUrl: fake.url, gate, pacer });
}

describe("shared quota ledger and pacing on PostgreSQL", () => {
  it("keeps three processes' requests apart: no spike-arrest 429s, and the ledger equals the fake's call log", async () => {
    const clients = ["a", "b", "c"].map((owner) => processClient(owner));
    await Promise.all(clients.flatMap((client) => Array.from({ length: 4 }, (_, index) => client.getJson("/discovery/v2/events.json", { size: 5, page: index }))));
    const calls = fake.listCalls();
    expect(calls).toHaveLength(12);
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    const ledger = await database.db.select().from(providerCalls);
    expect(ledger).toHaveLength(calls.length);
    expect(new Set(ledger.map((row) => row.owner))).toEqual(new Set(["a", "b", "c"]));
    const [window] = await database.db.select().from(quotaWindows);
    expect(window).toMatchObject({ used: 12, reportedAvailable: 5000 - 12 });
  });

  it("stops every process once the shared budget is spent, without calling the provider", async () => {
    const clients = ["a", "b"].map((owner) => processClient(owner, { limit: 5000, reserve: 4995 - 3 }));
    // Budget: 5000 - reserve 4992 = 8 calls before the reserve is reached.
    const results = await Promise.allSettled(clients.flatMap((client) => Array.from({ length: 6 }, () => client.getJson("/discovery/v2/events.json", { size: 1 }))));
    const refused = results.filter((result) => result.status === "rejected").map((result) => (result as PromiseRejectedResult).reason);
    expect(fake.listCalls().length).toBeLessThanOrEqual(8);
    expect(fake.listCalls().length).toBeGreaterThanOrEqual(7);
    expect(refused.length).toBe(12 - fake.listCalls().length);
    for (const error of refused) expect(error).toMatchObject({ kind: "quota-exhausted" });
  });

  it("blocks all processes until reset after the vendor refuses for quota", async () => {
    fake.setOptions({ dailyQuota: 2 });
    const [a, b] = ["a", "b"].map((owner) => processClient(owner));
    await a!.getJson("/discovery/v2/events.json", { size: 1 });
    await b!.getJson("/discovery/v2/events.json", { size: 1 });
    const refusal = await a!.getJson("/discovery/v2/events.json", { size: 1 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProviderError);
    expect((refusal as ProviderError).kind).toBe("quota-exhausted");
    expect(JSON.stringify(refusal)).not.toContain(KEY);
    const before = fake.listCalls().length;
    const second = await b!.getJson("/discovery/v2/events.json", { size: 1 }).catch((error: unknown) => error);
    expect((second as ProviderError).kind).toBe("quota-exhausted");
    expect((second as ProviderError).retryAt?.getTime()).toBeGreaterThan(Date.now());
    expect(fake.listCalls().length).toBe(before);
    fake.setOptions({ dailyQuota: 5000 });
  });
});
