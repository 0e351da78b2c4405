import { getDeliveryRuntime } from "@/server/services/delivery/runtime";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";
import type { JobDefinition } from "./types";

/**
 * Sends what the outbox holds due (new alerts, released quiet-hour holds and digests, retries). Shared: every
 * process runs it each tick and row leases split the work, so more workers means more sending capacity.
 */
export const alertsDeliver: JobDefinition = {
  id: "alerts.deliver",
  // Every 2 s: an alert about a sale opening now should not wait behind the job clock.
  schedule: "*/2 * * * * *",
  // Bounded per run: 5,000 emails are 50 Resend batches, ~10 s at 5 requests/s; the rest waits a tick.
  batch: 5_000,
  isShared: true,
  async run({ db, owner, log }, batch) {
    const runtime = await getDeliveryRuntime(db);
    const summary = await deliverDueDeliveries({ db, owner, log, channels: runtime.channels, links: runtime.links, smsLookup: runtime.smsLookup }, { limit: batch });
    return summary.claimed;
  },
};
