import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { preparedOnce } from "../prepared";
import { users } from "../schema";

const findUserStatement = (db: DbOrTx) => preparedOnce(db, "users_find", () => db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare("users_find"));

export async function findUser(db: DbOrTx, params: { id: string }) {
  const [row] = await findUserStatement(db).execute({ id: params.id });
  return row ?? null;
}

export async function findUserByEmail(db: DbOrTx, params: { email: string }) {
  const [row] = await db.select().from(users).where(eq(users.email, params.email.toLowerCase()));
  return row ?? null;
}

export async function updateUser(
  db: DbOrTx,
  params: { id: string; changes: Partial<Pick<typeof users.$inferInsert, "name" | "timeZone" | "homeCity" | "homeCountry" | "role" | "tier" | "emailVerified" | "disabledAt">> },
) {
  const [row] = await db
    .update(users)
    .set({ ...params.changes, updatedAt: new Date() })
    .where(eq(users.id, params.id))
    .returning();
  return row ?? null;
}
