// Shared plumbing of the admin CLIs (user:create, token:create): flags, the database the app would use.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { openDatabase, type Database } from "@/db/client";
import { getEnv, type Env } from "@/server/env";
import { ServiceError } from "@/server/services/errors";

/** Exit code for a bad command line (as `usage` errors conventionally use); failures of the work itself exit 1. */
export const EXIT_USAGE = 2;

export function failUsage(usage: string, problem: string): never {
  console.error(`${problem}\n${usage}`);
  process.exit(EXIT_USAGE);
}

/** Parses flags strictly; an unknown flag, a missing value or a stray argument prints the usage and exits 2. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(options: T, usage: string) {
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    failUsage(usage, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs `work` against the database the app uses (DATABASE_URL, else PGlite in SEATWATCH_DATA_DIR), migrated.
 * A failure prints its message alone (the stack too with DEBUG set) and exits 1; nothing the work did not commit is kept.
 */
export async function runWithDatabase(work: (database: Database, env: Env) => Promise<void>) {
  let env: Env;
  try {
    env = getEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.SEATWATCH_DATA_DIR });
  try {
    await database.migrate();
    await work(database, env);
  } catch (error) {
    console.error(error instanceof ServiceError || (error instanceof Error && !process.env.DEBUG) ? error.message : error);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
