import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { log } from "@/server/lib/log";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The database handle every query function takes: PGlite and node-postgres share this shape. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A handle or a transaction on it; query functions accept either. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives: a folder for PGlite, the server for PostgreSQL (password removed). */
  location: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The underlying driver, for LISTEN/NOTIFY and raw SQL in infrastructure code. */
  raw: { kind: "pglite"; client: PGlite } | { kind: "postgres"; pool: pg.Pool };
}

const migrationsFolder = path.join(process.cwd(), "db", "migrations");
// Serializes migrations when several processes start at once against one PostgreSQL.
const MIGRATION_LOCK_KEY = 7_262_011;

export interface OpenDatabaseOptions {
  /** A postgres:// URL; without it PGlite is used. */
  url?: string;
  /** PGlite data folder; `memory://` for an in-memory database (tests). */
  dataDir?: string;
  /** node-postgres pool size. */
  poolSize?: number;
}

/** Opens PostgreSQL when given a URL, otherwise PGlite in a data folder. Does not migrate. */
export function openDatabase(options: OpenDatabaseOptions): Database {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? path.join(process.cwd(), ".data"));
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server (restart) must not crash the process; the pool replaces it.
  pool.on("error", (error) => log.error({ err: error }, "idle PostgreSQL client error"));
  // A checked-out client is not covered by that handler (the pool removes it on checkout): losing the server
  // in the middle of a transaction would be an unhandled 'error' and end the process. With this listener the
  // query in flight fails instead, the caller's job or request fails, and the pool drops the broken client.
  pool.on("connect", (client) => client.on("error", (error) => log.warn({ err: error }, "PostgreSQL connection lost while in use")));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const location = describeUrl(url);
  return {
    db,
    kind: "postgres",
    location,
    raw: { kind: "postgres", pool },
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function openPglite(dataDir: string): Database {
  const isMemory = dataDir.startsWith("memory://");
  if (!isMemory) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(isMemory ? dataDir : path.resolve(dataDir));
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: isMemory ? dataDir : path.resolve(dataDir),
    raw: { kind: "pglite", client },
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    close: () => client.close(),
  };
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "postgres";
  }
}
