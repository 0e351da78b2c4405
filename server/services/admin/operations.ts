import type { Db } from "@/db";
import { countLedgerCalls, listRecentJobFailures, summarizeDeliveries, summarizeJobRuns, summarizeQueryLag } from "@/db/queries/operations";

const DAY_MS = 86_400_000;

export interface OperationsSource {
  dataSource: "sandbox" | "ticketmaster";
  /** The clock event data lives on (the sandbox's fast clock there). */
  now?(): Date;
}

/**
 * Sent ÷ (sent + failed): rows still pending, dropped by the fan's own rules, or kept by the development outbox
 * (no vendor configured, so nothing was sent) are not counted either way.
 */
function successRate(sent: number, failed: number) {
  return sent + failed === 0 ? null : sent / (sent + failed);
}

/**
 * What the operations page shows, over the last 24 h: whether the scheduler keeps up (provider queries due
 * and how late; job runs against their slots), job failures, delivery outcomes per channel, and the clocks.
 */
export async function readOperationsReport(db: Db, source: OperationsSource, now = new Date()) {
  const since = new Date(now.getTime() - DAY_MS);
  const [queries, jobs, failures, channels] = [
    await summarizeQueryLag(db, { now }),
    await summarizeJobRuns(db, { since }),
    await listRecentJobFailures(db, { since, limit: 10 }),
    await summarizeDeliveries(db, { since }),
  ];
  const sourceNow = source.now?.() ?? now;
  return {
    generatedAt: now,
    clock: {
      dataSource: source.dataSource,
      realNow: now,
      sourceNow,
      /** How far the events' clock runs ahead of real time (0 off the sandbox). */
      aheadMs: sourceNow.getTime() - now.getTime(),
    },
    queries,
    jobs,
    failures,
    deliveries: channels.map((row) => ({ ...row, total: row.sent + row.kept + row.failed + row.pending + row.dropped, successRate: successRate(row.sent, row.failed) })),
  };
}

export type OperationsReport = Awaited<ReturnType<typeof readOperationsReport>>;

/** The quota ledger counted row by row, for checking the quota page against (see countLedgerCalls). */
export function readQuotaLedger(db: Db, now = new Date()) {
  return countLedgerCalls(db, { now });
}
