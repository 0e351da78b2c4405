import { randomUUID } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/db/client";
import { users } from "@/db/schema";

export interface TestDatabase extends Database {
  /** Closes the handle and drops the throwaway database. */
  destroy(): Promise<void>;
  /** The throwaway database's URL (PostgreSQL only): a second handle on it stands for another instance. */
  url?: string;
}

/**
 * A migrated, empty database for one test file: PGlite in memory by default, or a throwaway database on the
 * server named by TEST_DATABASE_URL (CI runs the suites both ways).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = openDatabase({ dataDir: "memory://" });
    await database.migrate();
    return { ...database, destroy: () => database.close() };
  }
  const name = `seatwatch_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ url: url.toString(), poolSize: 5 });
  await database.migrate();
  return {
    ...database,
    url: url.toString(),
    async destroy() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export async function insertTestUser(database: Database, overrides: Partial<typeof users.$inferInsert> = {}) {
  const id = overrides.id ?? randomUUID();
  const [row] = await database.db
    .insert(users)
    .values({ id, name: "Test Fan", email: `${id}@example.test`, emailVerified: true, ...overrides })
    .returning();
  return row!;
}
