import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { authenticateApiToken, hashApiToken } from "@/server/services/tokens";
import { createCliStore, runNpmScript, type CliStore } from "../support/cli";

let store: CliStore;

beforeAll(async () => {
  store = await createCliStore();
});
afterAll(async () => store?.destroy());

/** Opens the store between CLI runs (PGlite takes one process at a time). */
async function inspect<T>(look: (database: Database) => Promise<T>): Promise<T> {
  const database = await store.open();
  try {
    return await look(database);
  } finally {
    await database.close();
  }
}

const countRows = () => inspect(async (database) => ({ users: (await database.db.select().from(users)).length, tokens: (await database.db.select().from(apiTokens)).length }));

describe("admin CLI", () => {
  it("user:create makes an admin on the premium tier, and token:create prints a working token for that account", async () => {
    const created = await runNpmScript("user:create", ["--email", "Ops@Example.test", "--password", "a-long-password", "--admin", "--tier", "premium"], store.env);
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toContain(`Created admin ops@example.test (premium) in ${store.kind}`);

    const minted = await runNpmScript("token:create", ["--email", "ops@example.test", "--read-only"], store.env);
    expect(minted.code).toBe(0);
    // stdout holds the token alone, so `$(npm run -s token:create …)` captures it.
    const token = minted.stdout.trim();
    expect(token).toMatch(/^sw_[A-Za-z0-9_-]{43}$/);
    expect(minted.stderr).toContain("read-only token");

    await inspect(async (database) => {
      const [user] = await database.db.select().from(users).where(eq(users.email, "ops@example.test"));
      expect(user).toMatchObject({ role: "admin", tier: "premium", emailVerified: true });
      const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(token)));
      expect(row).toMatchObject({ userId: user!.id, access: "read-only", name: "CLI token" });
      expect(await authenticateApiToken(database.db, token)).toMatchObject({ isReadOnly: true, user: { id: user!.id, role: "admin" } });
    });
  });

  it("token:create refuses an unknown email and bad flags with a clear message, a failing exit code and no writes", async () => {
    const before = await countRows();
    const unknown = await runNpmScript("token:create", ["--email", "nobody@example.test"], store.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain("There is no account for nobody@example.test");

    const badFlag = await runNpmScript("token:create", ["--email", "ops@example.test", "--admin"], store.env);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option '--admin'[\s\S]*Usage: npm run token:create/);

    const noEmail = await runNpmScript("token:create", ["--read-only"], store.env);
    expect(noEmail.code).toBe(2);
    expect(noEmail.stderr).toContain("--email is required");
    expect(await countRows()).toEqual(before);
  });

  it("user:create refuses a bad tier, an unknown flag, a short password and an existing email without writing", async () => {
    const before = await countRows();
    const badTier = await runNpmScript("user:create", ["--email", "fan@example.test", "--password", "a-long-password", "--tier", "gold"], store.env);
    expect(badTier.code).toBe(2);
    expect(badTier.stderr).toContain('--tier must be basic or premium, not "gold"');

    const unknownFlag = await runNpmScript("user:create", ["--email", "fan@example.test", "--password", "a-long-password", "--role", "admin"], store.env);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("Unknown option '--role'");

    const shortPassword = await runNpmScript("user:create", ["--email", "fan@example.test", "--password", "short"], store.env);
    expect(shortPassword.code).toBe(1);
    expect(shortPassword.stderr).toMatch(/password must be at least \d+ characters/);

    const existing = await runNpmScript("user:create", ["--email", "ops@example.test", "--password", "a-long-password"], store.env);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toContain("An account for ops@example.test already exists");
    expect(await countRows()).toEqual(before);
  });
});
