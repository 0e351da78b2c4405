import { createCaller } from "@/server/api/root";
import { labelApiKey } from "@/server/providers/http";
import { TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { startTicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { buildSandboxWorld } from "@/server/sandbox/world";
import { PgPacer, PgQuotaGate } from "@/server/services/quota/pg-quota";
import { createFakeProvider } from "../support/fake-provider";
import { createTestDatabase, insertTestUser } from "../support/test-db";

/** A test database, the sandbox's Ticketmaster fake for `key`, and a real client whose calls land in the ledger. */
export async function startQuotaFixture(key: string) {
  const database = await createTestDatabase();
  const fake = await startTicketmasterFake({ port: 0, key, world: buildSandboxWorld(3, new Date()) });
  const keyLabel = labelApiKey("tm", key);
  const client = new TicketmasterClient({
    apiKey: key,
    baseUrl: fake.url,
    gate: new PgQuotaGate({ db: database.db, provider: "ticketmaster" }),
    pacer: new PgPacer({ db: database.db, provider: "ticketmaster", keyLabel }, { minGapMs: 250, minIdleMs: 200 }),
  });
  /** A caller acting as this admin, with the client as the app's event source. */
  const adminCaller = (user: Awaited<ReturnType<typeof insertTestUser>>) =>
    createCaller({
      db: database.db,
      user: { id: user.id, email: user.email, name: user.name, role: "admin", tier: "basic", timeZone: "UTC" },
      devMailbox: "off",
      dataSource: "sandbox",
      provider: createFakeProvider(),
      source: { keyLabel: client.keyLabel, dataSource: "sandbox", hasSectionData: false, readCircuit: () => client.breaker.getSnapshot() },
    });
  return {
    database,
    fake,
    client,
    adminCaller,
    async stop() {
      await fake.close();
      await database.destroy();
    },
  };
}
