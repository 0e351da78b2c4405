import { desc, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { devMails } from "../schema";

export async function insertDevMail(db: DbOrTx, mail: { to: string; subject: string; text: string; html?: string }) {
  const [row] = await db.insert(devMails).values(mail).returning();
  return row!;
}

/** The newest kept emails; with `to`, only those addressed to that email (any letter case). */
export function listDevMails(db: DbOrTx, params: { limit: number; to?: string }) {
  const query = db.select().from(devMails);
  const filtered = params.to === undefined ? query : query.where(sql`lower(${devMails.to}) = lower(${params.to})`);
  return filtered.orderBy(desc(devMails.createdAt)).limit(params.limit);
}
