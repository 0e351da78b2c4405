import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { deliveries, providerQueries } from "../schema";

/**
 * Ends every row lease `owner` still holds, as if it had expired now: a process shutting down hands its
 * unfinished polls and sends to the next worker at once instead of after the lease time. The rows keep
 * their state (a delivery's sent-marker included), so the next holder takes the same crash-recovery path
 * an expired lease leads to — only sooner.
 */
export async function releaseLeases(db: DbOrTx, params: { owner: string }) {
  const queries = await db
    .update(providerQueries)
    .set({ leaseOwner: null, leaseExpiresAt: null })
    .where(eq(providerQueries.leaseOwner, params.owner))
    .returning({ id: providerQueries.id });
  const sends = await db
    .update(deliveries)
    .set({ leaseExpiresAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(deliveries.leaseOwner, params.owner), eq(deliveries.status, "sending")))
    .returning({ id: deliveries.id });
  return { queries: queries.length, deliveries: sends.length };
}
