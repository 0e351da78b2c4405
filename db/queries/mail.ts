import { desc } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { devMails } from "../schema";

export async function insertDevMail(db: DbOrTx, mail: { to: string; subject: string; text: string; html?: string }) {
  const [row] = await db.insert(devMails).values(mail).returning();
  return row!;
}

export function listDevMails(db: DbOrTx, params: { limit: number }) {
  return db.select().from(devMails).orderBy(desc(devMails.createdAt)).limit(params.limit);
}
