/**
 * Where a fault test's processes keep their data: a throwaway database on the PostgreSQL server named by
 * TEST_DATABASE_URL, or else a PGlite folder. PGlite lives inside one process, so the test opens the folder
 * only while no web process has it open (`openAfterExit`).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@/db/client";
import { createTestDatabase, type TestDatabase } from "../../support/test-db";

export interface FaultDatabase {
  kind: "postgres" | "pglite";
  /** What a web or worker process gets: DATABASE_URL, or SEATWATCH_DATA_DIR. */
  env: Record<string, string>;
  /** PostgreSQL: the live handle, shared with the processes. PGlite: null (the folder is theirs). */
  shared: TestDatabase | null;
  /** Opens the data for the test; with PGlite only once every process using the folder has exited. */
  openAfterExit(): Promise<Database>;
  destroy(): Promise<void>;
}

export async function createFaultDatabase(): Promise<FaultDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const database = await createTestDatabase();
    const url = new URL(serverUrl);
    url.pathname = `/${database.location.split("/").pop()}`;
    return {
      kind: "postgres",
      env: { DATABASE_URL: url.toString(), SEATWATCH_DEMO: "true" },
      shared: database,
      openAfterExit: async () => database,
      destroy: () => database.destroy(),
    };
  }
  const folder = await mkdtemp(path.join(tmpdir(), "seatwatch-faults-"));
  const dataDir = path.join(folder, "data");
  const opened: Database[] = [];
  return {
    kind: "pglite",
    env: { SEATWATCH_DATA_DIR: dataDir },
    shared: null,
    async openAfterExit() {
      const database = openDatabase({ dataDir });
      opened.push(database);
      return database;
    },
    async destroy() {
      await Promise.allSettled(opened.map((database) => database.close()));
      await rm(folder, { recursive: true, force: true });
    },
  };
}
