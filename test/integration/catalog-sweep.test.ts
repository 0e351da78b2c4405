import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventSnapshots, events } from "@/db/schema";
import { catalogSweep } from "@/jobs/catalog-sweep";
import { startJobRunner, toSlot } from "@/jobs/runner";
import { startSandbox, type Sandbox } from "@/server/sandbox/world";
import { InMemoryQuotaGate } from "@/server/providers/http";
import { TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { TicketmasterProvider } from "@/server/providers/ticketmaster/provider";
import type { EventSource } from "@/server/sources";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

let database: TestDatabase;
let sandbox: Sandbox;
let source: EventSource;

beforeAll(async () => {
  database = await createTestDatabase();
  sandbox = await startSandbox({ host: "127.0.0.1", port: 0, renew: false });
  const client = new TicketmasterClient({ apiKey: sandbox.key, baseUrl: sandbox.url, gate: new InMemoryQuotaGate() });
  source = { provider: new TicketmasterProvider({ client }), dataSource: "sandbox", keyLabel: client.keyLabel, sweepCountries: [], now: () => sandbox.clock.now(), readCircuit: () => client.breaker.getSnapshot(), enrich: async (list: import("@/server/providers/types").Event[]) => list, hasSectionData: false, close: async () => undefined };
});
afterAll(async () => {
  await sandbox?.close();
  await database?.destroy();
});

describe("catalogue sweep on the sandbox", () => {
  it("stores the sandbox world's events through the real client and shows them to a fan", async () => {
    const runner = startJobRunner({ db: database.db, events: source, jobs: [catalogSweep], schedule: false, log: () => undefined });
    expect(await runner.runOnce(catalogSweep, toSlot(new Date()))).toBe("ran");
    const stored = await database.db.select().from(events);
    expect(stored.length).toBeGreaterThan(200);
    expect(new Set(stored.map((row) => row.countryCode))).toEqual(new Set(["GB", "IE", "US", "DE"]));
    expect(stored.every((row) => row.url === null || row.url.startsWith("https://"))).toBe(true);
    const snapshots = await database.db.select().from(eventSnapshots);
    expect(snapshots).toHaveLength(stored.length);

    const fan = await insertTestUser(database);
    const page = await callerFor(database, fan).events.search({ q: "Arsenal", limit: 10 });
    expect(page.total).toBe(stored.length);
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.events.every((event) => /arsenal/i.test(`${event.name} ${event.venueName}`))).toBe(true);
    await runner.stop();
  });

  it("keeps no new snapshot for events that did not change and counts the sandbox calls it made", async () => {
    const before = (await database.db.select().from(eventSnapshots)).length;
    const calls = sandbox.fake.listCalls().length;
    const runner = startJobRunner({ db: database.db, events: source, jobs: [catalogSweep], schedule: false, log: () => undefined });
    // The sweep skips when the last successful one is younger than its interval; a distinct slot far later forces a run.
    const later = new Date(Date.now() + 120_000);
    const ran = await catalogSweep.run({ db: database.db, events: source, owner: "test", now: later, log: () => undefined }, catalogSweep.batch);
    expect(ran).toBeGreaterThan(200);
    const after = (await database.db.select().from(eventSnapshots)).length;
    // The world clock moves on, so a few events may have changed in between, but nowhere near all of them.
    expect(after - before).toBeLessThan(ran / 4);
    expect(sandbox.fake.listCalls().length - calls).toBeLessThanOrEqual(4);
    await runner.stop();
  });
});
