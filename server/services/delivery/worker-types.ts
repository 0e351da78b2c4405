import type { Db } from "@/db";
import { recordDeliveryResults } from "@/db/queries/deliveries";
import type { DeliveryRow } from "@/db/schema";
import type { ComponentLog } from "@/server/lib/component-log";
import type { AlertMessage } from "@/server/notifications/alert-message";
import type { RenderOptions } from "@/server/notifications/format";
import type { NotificationChannels } from "@/server/notifications/ports";
import type { CachedEmailRenderer } from "@/server/notifications/render-email-cache";
import type { SmsSentLookup } from "@/server/notifications/twilio-lookup";
import type { LinkConfig } from "./links";
import { attachLinks } from "./message";
import type { SendContext } from "./send-context";
import type { UnitRecord } from "./units";

/** Thrown inside a worker whose signal aborted: it stops as a killed process would, recording nothing more. */
export class WorkerStoppedError extends Error {
  constructor() {
    super("delivery worker stopped");
    this.name = "WorkerStoppedError";
  }
}

/** Everything one worker run shares. */
export interface WorkerRun {
  db: Db;
  channels: NotificationChannels;
  links: LinkConfig;
  smsLookup: SmsSentLookup | null;
  owner: string;
  now: () => Date;
  renderOptions: RenderOptions;
  emailRenderer: CachedEmailRenderer;
  /** Message shapes already checked against the schema in this run (see attachLinks). */
  validatedMessages: Set<string>;
  /** Rows whose vendor call has returned: the lane may claim more (backpressure on the vendor's pace). */
  releaseRows(count: number): void;
  signal?: AbortSignal;
  log: ComponentLog;
}

/** Call before every database write and vendor call. */
export function ensureAlive(run: WorkerRun): void {
  if (run.signal?.aborted) throw new WorkerStoppedError();
}

export function messageOf(run: WorkerRun, row: DeliveryRow, context: SendContext): AlertMessage {
  const watchId = context.alerts.get(row.alertId)?.watchId;
  const stored = context.messages.get(row.alertId);
  if (!watchId || !stored) throw new Error(`alert ${row.alertId} of delivery ${row.id} is gone`);
  return attachLinks(stored, run.links, { userId: row.userId, watchId }, run.validatedMessages);
}

export async function saveRecord(run: WorkerRun, record: UnitRecord): Promise<void> {
  ensureAlive(run);
  await recordDeliveryResults(run.db, { owner: run.owner, now: run.now(), results: record.results, attempts: record.attempts });
}

/** Awaits every promise (none keeps running unobserved) and then rethrows the first failure. */
export async function settleAll(promises: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) throw failed.reason;
}

/** Runs `task` over `items` with at most `limit` in flight; the first failure rejects (after the rest settle). */
export async function runWithLimit<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (errors.length > 0) throw errors[0];
}
