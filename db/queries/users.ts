import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { users } from "../schema";

export async function findUser(db: DbOrTx, params: { id: string }) {
  const [row] = await db.select().from(users).where(eq(users.id, params.id));
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
