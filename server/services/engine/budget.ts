import type { Db } from "@/db";
import { readQuotaWindow } from "@/db/queries/quota";
import type { QuotaBudget } from "@/server/providers/http";

/** The shared window of the key an event source uses, as the quota ledger knows it. */
export async function readSourceBudget(db: Db, source: { keyLabel: string }, provider = "ticketmaster"): Promise<QuotaBudget> {
  const row = await readQuotaWindow(db, { provider, keyLabel: source.keyLabel, limit: 5_000 });
  return {
    limit: row.limit,
    used: row.used,
    available: Math.max(0, row.limit - row.used),
    windowStartedAt: row.windowStartedAt,
    resetAt: row.resetAt,
    blockedUntil: row.blockedUntil,
  };
}
