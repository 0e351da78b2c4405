import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The embedded default has no configuration, so it keeps a generated secret next to its data; a shared
 * PostgreSQL deployment must set BETTER_AUTH_SECRET so every instance signs cookies alike.
 */
export function resolveAuthSecret(options: { secret?: string; databaseUrl?: string; dataDir?: string }): string {
  if (options.secret) return options.secret;
  if (options.databaseUrl) {
    throw new Error(
      "BETTER_AUTH_SECRET: required when DATABASE_URL is set (every instance must share it); use 32+ random characters, e.g. `openssl rand -hex 32`.",
    );
  }
  const dir = path.resolve(/*turbopackIgnore: true*/ options.dataDir ?? ".data");
  const file = path.join(dir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
