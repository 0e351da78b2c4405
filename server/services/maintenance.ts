import type { Db } from "@/db";
import { purgeExpiredAuthRows, purgeOldJobRuns } from "@/db/queries/jobs";

const JOB_RUN_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

/** Removes expired sessions and tokens (bounded per run) and job-run rows older than two weeks. */
export async function purgeExpired(db: Db, now: Date, batch: number) {
  const authRows = await purgeExpiredAuthRows(db, { now, limit: batch });
  const jobRows = await purgeOldJobRuns(db, { before: new Date(now.getTime() - JOB_RUN_RETENTION_MS) });
  return authRows + jobRows;
}
