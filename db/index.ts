import { getEnv } from "@/server/env";
import { openDatabase, type Database } from "./client";

export type { Database, Db, DbOrTx } from "./client";

/**
 * The process-wide database. Kept on globalThis because Next bundles route handlers and instrumentation
 * separately: a module-level handle would give each bundle its own PGlite on the same folder.
 */
const globalForDb = globalThis as unknown as { seatwatchDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  globalForDb.seatwatchDatabase ??= (async () => {
    const env = getEnv();
    const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.SEATWATCH_DATA_DIR });
    await database.migrate();
    return database;
  })().catch((error: unknown) => {
    globalForDb.seatwatchDatabase = undefined;
    throw error;
  });
  return globalForDb.seatwatchDatabase;
}
