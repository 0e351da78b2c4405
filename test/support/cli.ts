import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Database } from "@/db/client";
import { createTestDatabase, type TestDatabase } from "./test-db";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Where the admin CLIs write: PGlite in a fresh folder (SEATWATCH_DATA_DIR), or with TEST_DATABASE_URL a
 * throwaway PostgreSQL database (DATABASE_URL). PGlite admits one process at a time, so tests open the
 * database (`open`) only between CLI runs, and close it before the next run.
 */
export interface CliStore {
  kind: "pglite" | "postgres";
  env: Record<string, string>;
  open(): Promise<Database>;
  destroy(): Promise<void>;
}

export async function createCliStore(): Promise<CliStore> {
  if (process.env.TEST_DATABASE_URL) {
    const database: TestDatabase = await createTestDatabase();
    return {
      kind: "postgres",
      env: { DATABASE_URL: database.url! },
      open: async () => ({ ...database, close: async () => undefined }),
      destroy: () => database.destroy(),
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "seatwatch-cli-"));
  return {
    kind: "pglite",
    env: { SEATWATCH_DATA_DIR: dataDir },
    async open() {
      const database = openDatabase({ dataDir });
      await database.migrate();
      return database;
    },
    destroy: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** Runs `npm run -s <script> -- …args` as an operator would, with only the store's database settings. */
export function runNpmScript(script: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(childEnv)) if (name.startsWith("VITEST") || name === "NODE_OPTIONS") delete childEnv[name];
  for (const name of ["DATABASE_URL", "TEST_DATABASE_URL", "SEATWATCH_DATA_DIR", "ADMIN_EMAILS", "BETTER_AUTH_SECRET"]) delete childEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", script, "--", ...args], { cwd: root, env: { ...childEnv, NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
