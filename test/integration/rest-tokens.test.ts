import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, users } from "@/db/schema";
import { authenticateApiToken, createApiTokenForEmail, hashApiToken, MAX_ACTIVE_TOKENS } from "@/server/services/tokens";
import { callerFor } from "../support/callers";
import { createTestDatabase, insertTestUser, type TestDatabase } from "../support/test-db";

let database: TestDatabase;
let alice: Awaited<ReturnType<typeof insertTestUser>>;
let bob: Awaited<ReturnType<typeof insertTestUser>>;

beforeAll(async () => {
  database = await createTestDatabase();
  alice = await insertTestUser(database, { name: "Alice" });
  bob = await insertTestUser(database, { name: "Bob" });
});
afterAll(async () => database?.destroy());

async function caught(promise: Promise<unknown>) {
  return promise.then(() => null, (error: unknown) => error as TRPCError);
}

/** The zod issues behind a BAD_REQUEST (the HTTP layer leads with the first one's message). */
function issuesOf(error: TRPCError | null) {
  return (error?.cause as { issues?: { path: (string | number)[]; message: string }[] } | undefined)?.issues ?? [];
}

describe("personal API tokens", () => {
  it("shows the secret once, stores only its SHA-256 and lists the token with a recognisable prefix", async () => {
    const api = callerFor(database, alice);
    const created = await api.tokens.create({ name: "  Home dashboard ", access: "read-write" });
    expect(created.token).toMatch(/^sw_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: "Home dashboard", access: "read-write", lastUsedAt: null, revokedAt: null, prefix: created.token.slice(0, 11) });

    const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.tokenHash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const listed = await api.tokens.list();
    expect(listed.map((token) => token.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(await callerFor(database, bob).tokens.list()).toEqual([]);
  });

  it("authenticates a token as its owner, records when it was last used and tells read-only from read-write", async () => {
    const api = callerFor(database, alice);
    const readOnly = await api.tokens.create({ name: "Reader", access: "read-only" });
    const at = new Date("2030-01-01T10:00:00Z");
    const auth = await authenticateApiToken(database.db, readOnly.token, at);
    expect(auth).toMatchObject({ tokenId: readOnly.id, isReadOnly: true, user: { id: alice.id, role: "fan", tier: "basic" } });
    expect((await api.tokens.list()).find((token) => token.id === readOnly.id)?.lastUsedAt).toEqual(at);
    // Within a minute, last-used is not rewritten on every request.
    await authenticateApiToken(database.db, readOnly.token, new Date(at.getTime() + 30_000));
    expect((await api.tokens.list()).find((token) => token.id === readOnly.id)?.lastUsedAt).toEqual(at);

    expect(await authenticateApiToken(database.db, `${readOnly.token.slice(0, -1)}${readOnly.token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await authenticateApiToken(database.db, "not-a-token")).toBeNull();
  });

  it("revokes a token so it stops working, and another fan cannot revoke it", async () => {
    const api = callerFor(database, alice);
    const token = await api.tokens.create({ name: "Old script", access: "read-write" });
    expect(await caught(callerFor(database, bob).tokens.revoke({ id: token.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await authenticateApiToken(database.db, token.token)).not.toBeNull();

    const revoked = await api.tokens.revoke({ id: token.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiToken(database.db, token.token)).toBeNull();
    expect(await caught(api.tokens.revoke({ id: token.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a disabled account's tokens", async () => {
    const carol = await insertTestUser(database, { name: "Carol" });
    const token = await callerFor(database, carol).tokens.create({ name: "Script", access: "read-only" });
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, carol.id));
    expect(await authenticateApiToken(database.db, token.token)).toBeNull();
  });

  it("rejects bad input with the field's message, signed-out callers, and more than the active-token limit", async () => {
    const dave = await insertTestUser(database, { name: "Dave" });
    const api = callerFor(database, dave);
    const blank = await caught(api.tokens.create({ name: "   ", access: "read-only" }));
    expect(blank?.code).toBe("BAD_REQUEST");
    expect(issuesOf(blank)).toEqual([expect.objectContaining({ path: ["name"], message: "Give the token a name" })]);
    const badAccess = await caught(api.tokens.create({ name: "x", access: "admin" as "read-only" }));
    expect(badAccess?.code).toBe("BAD_REQUEST");
    expect(issuesOf(badAccess)).toEqual([expect.objectContaining({ path: ["access"], message: "Access must be read-only or read-write" })]);
    expect(await caught(callerFor(database, null).tokens.list())).toMatchObject({ code: "UNAUTHORIZED" });

    for (let i = 0; i < MAX_ACTIVE_TOKENS; i++) await api.tokens.create({ name: `t${i}`, access: "read-only" });
    expect(await caught(api.tokens.create({ name: "one too many", access: "read-only" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await api.tokens.list()).toHaveLength(MAX_ACTIVE_TOKENS);
  });

  it("mints a token for an account by email (the CLI's path) and refuses an unknown email without writing", async () => {
    const created = await createApiTokenForEmail(database.db, ` ${alice.email.toUpperCase()} `, { name: "CLI token", access: "read-only" });
    expect(created.user.id).toBe(alice.id);
    expect((await authenticateApiToken(database.db, created.token))?.user.id).toBe(alice.id);
    const before = (await database.db.select().from(apiTokens)).length;
    await expect(createApiTokenForEmail(database.db, "nobody@example.test", { name: "x", access: "read-only" })).rejects.toThrow("There is no account for nobody@example.test");
    expect((await database.db.select().from(apiTokens)).length).toBe(before);
  });
});
