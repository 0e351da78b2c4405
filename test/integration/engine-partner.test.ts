import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, providerQueries } from "@/db/schema";
import { createTicketmasterPartnerProvider, type TicketmasterPartnerProvider } from "@/server/providers/ticketmaster-partner/provider";
import { TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { TicketmasterProvider } from "@/server/providers/ticketmaster/provider";
import { generatePartnerEvent } from "@/server/sandbox/partner/seed";
import { startPartnerFake, type PartnerFake } from "@/server/sandbox/partner/server";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { buildFixtureWorld, FIXTURE_IDS, FIXTURE_START } from "@/server/sandbox/world/fixture-world";
import { syncQueryPlan } from "@/server/services/engine/plan";
import { pollDueQueries } from "@/server/services/engine/poll";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

const HOUR = 3_600_000;
let database: TestDatabase;
let discovery: TicketmasterFake;
let partnerFake: PartnerFake;
let partner: TicketmasterPartnerProvider;
let provider: TicketmasterProvider;

const sourceNow = () => new Date(discovery.readClock().worldNow);

async function tick() {
  await syncQueryPlan(database.db, new Date());
  await database.db.update(providerQueries).set({ nextDueAt: sql`now()` });
  const outcomes = await pollDueQueries({ db: database.db, provider, enrich: (events) => partner.enrichEvents(events), sourceNow, owner: "w" }, { batch: 10 });
  for (const outcome of outcomes) expect(outcome.error).toBeNull();
}

beforeAll(async () => {
  database = await createTestDatabase();
  discovery = await startTicketmasterFake({ port: 0, key: "discovery", world: buildFixtureWorld() });
  // Lakers v Celtics: section 101 sold out at first, row A back with six seats an hour in.
  const lakers = generatePartnerEvent(FIXTURE_IDS.nbaMain);
  for (const section of lakers.sections) if (section.name === "101") for (const row of section.rows) row.available = 0;
  const at = new Date(Date.parse(FIXTURE_START) + HOUR).toISOString();
  partnerFake = await startPartnerFake({
    port: 0,
    key: "partner",
    now: FIXTURE_START,
    world: { events: [lakers], timeline: [{ at, kind: "set-row", eventId: FIXTURE_IDS.nbaMain, section: "101", row: "A", available: 6 }] },
  });
  partner = createTicketmasterPartnerProvider({ apiKey: "partner", baseUrl: partnerFake.url })!;
  provider = new TicketmasterProvider({ client: new TicketmasterClient({ apiKey: "discovery", baseUrl: discovery.url }) });
});
afterAll(async () => {
  await partnerFake?.close();
  await discovery?.close();
  await database?.destroy();
});

describe("a partner section source", () => {
  it("turns preferred sections and quantity into checked conditions and alerts when the section opens", async () => {
    const fan = await insertTestUser(database);
    const api = callerFor(database, fan);
    const watch = await api.watches.create({ name: "Lakers, section 101", attractions: [{ id: "K8vZ91718T0", name: "Los Angeles Lakers" }], sections: ["101"], quantity: 2, stages: ["sections"] });
    await tick();
    expect(await database.db.select().from(alerts)).toEqual([]);
    discovery.advanceClock(1.5 * HOUR);
    partnerFake.advanceClock(1.5 * HOUR);
    await tick();
    const rows = await database.db.select().from(alerts).where(eq(alerts.watchId, watch.id));
    expect(rows.map((row) => row.kind)).toEqual(["sections-available"]);
    expect(rows[0]!.providerEventId).toBe(FIXTURE_IDS.nbaMain);
    expect(rows[0]!.uncheckedCriteria).toEqual([]);
    expect(rows[0]!.body).toMatch(/101/);
  });
});
