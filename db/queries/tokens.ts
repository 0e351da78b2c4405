import { and, count, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { preparedOnce } from "../prepared";
import { apiTokens, users, type ApiTokenAccess } from "../schema";

export async function insertApiToken(db: DbOrTx, params: { userId: string; name: string; prefix: string; tokenHash: string; access: ApiTokenAccess }) {
  const [row] = await db.insert(apiTokens).values(params).returning();
  return row!;
}

export function listApiTokens(db: DbOrTx, params: { userId: string }) {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, params.userId)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export async function countActiveApiTokens(db: DbOrTx, params: { userId: string }) {
  const [row] = await db.select({ value: count() }).from(apiTokens).where(and(eq(apiTokens.userId, params.userId), isNull(apiTokens.revokedAt)));
  return row?.value ?? 0;
}

/** Revokes one of the fan's own active tokens; null when there is no such token. */
export async function revokeApiToken(db: DbOrTx, params: { userId: string; id: string; at: Date }) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: params.at })
    .where(and(eq(apiTokens.userId, params.userId), eq(apiTokens.id, params.id), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}

/** The active token with this hash and its owner, for authenticating a request. */
export async function findActiveApiToken(db: DbOrTx, params: { tokenHash: string }) {
  // A named statement (db/prepared.ts): every API request whose token is not in the 5 s cache reads it.
  const [row] = await preparedOnce(db, "api_tokens_find_active", () =>
    db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, sql.placeholder("tokenHash")), isNull(apiTokens.revokedAt)))
      .prepare("api_tokens_find_active"),
  ).execute({ tokenHash: params.tokenHash });
  return row ?? null;
}

/** Records use, at most once per `staleBefore` window, so a busy token does not write on every request. */
export async function touchApiToken(db: DbOrTx, params: { id: string; at: Date; staleBefore: Date }) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: params.at })
    .where(and(eq(apiTokens.id, params.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, params.staleBefore))));
}
