import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { jobRuns, sessions, verifications } from "../schema";

/** Claims a job's slot; true only for the one process whose insert won. */
export async function claimJobSlot(db: DbOrTx, params: { jobId: string; slot: string; owner: string }) {
  const rows = await db.insert(jobRuns).values(params).onConflictDoNothing().returning({ slot: jobRuns.slot });
  return rows.length === 1;
}

export async function finishJobRun(
  db: DbOrTx,
  params: { jobId: string; slot: string; status: "succeeded" | "failed"; processed?: number; error?: string },
) {
  await db
    .update(jobRuns)
    .set({ status: params.status, processed: params.processed ?? null, error: params.error ?? null, finishedAt: new Date() })
    .where(and(eq(jobRuns.jobId, params.jobId), eq(jobRuns.slot, params.slot)));
}

export function listRecentJobRuns(db: DbOrTx, params: { limit: number }) {
  return db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt)).limit(params.limit);
}

/** Deletes up to `limit` expired sessions and verification tokens; returns how many went. */
export async function purgeExpiredAuthRows(db: DbOrTx, params: { now: Date; limit: number }) {
  const expiredSessions = db.select({ id: sessions.id }).from(sessions).where(lt(sessions.expiresAt, params.now)).limit(params.limit);
  const removedSessions = await db.delete(sessions).where(sql`${sessions.id} in ${expiredSessions}`).returning({ id: sessions.id });
  const expiredTokens = db.select({ id: verifications.id }).from(verifications).where(lt(verifications.expiresAt, params.now)).limit(params.limit);
  const removedTokens = await db.delete(verifications).where(sql`${verifications.id} in ${expiredTokens}`).returning({ id: verifications.id });
  return removedSessions.length + removedTokens.length;
}

export async function purgeOldJobRuns(db: DbOrTx, params: { before: Date }) {
  const removed = await db.delete(jobRuns).where(lt(jobRuns.startedAt, params.before)).returning({ slot: jobRuns.slot });
  return removed.length;
}

export async function findLastSuccessfulRun(db: DbOrTx, params: { jobId: string }) {
  const [row] = await db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.jobId, params.jobId), eq(jobRuns.status, "succeeded")))
    .orderBy(desc(jobRuns.startedAt))
    .limit(1);
  return row ?? null;
}
