/**
 * Throwaway PostgreSQL databases for the benchmarks: created on the server named by BENCH_DATABASE_URL
 * (else TEST_DATABASE_URL, else the local default), migrated, and dropped afterwards.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/db/client";
import { installDatabaseClock } from "./sim-clock";

export const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/test";

export function readServerUrl(): string {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL;
}

export interface BenchDatabase {
  name: string;
  url: string;
  database: Database;
  pool: pg.Pool;
  destroy(): Promise<void>;
}

async function runAdmin(serverUrl: string, statement: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** A fresh, migrated database; with `simClock` its now()/clock_timestamp() follow bench/sim-clock.ts. */
export async function createBenchDatabase(options: { simClock?: boolean; poolSize?: number; prefix?: string; serverUrl?: string } = {}): Promise<BenchDatabase> {
  const serverUrl = options.serverUrl ?? readServerUrl();
  const name = `${options.prefix ?? "seatwatch_bench"}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await runAdmin(serverUrl, `CREATE DATABASE ${name}`);
  if (options.simClock) await installDatabaseClock(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ url: url.toString(), poolSize: options.poolSize ?? 8 });
  await database.migrate();
  if (database.raw.kind !== "postgres") throw new Error("expected PostgreSQL");
  return {
    name,
    url: url.toString(),
    database,
    pool: database.raw.pool,
    async destroy() {
      await database.close().catch(() => undefined);
      await runAdmin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
