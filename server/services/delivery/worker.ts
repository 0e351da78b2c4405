/**
 * The delivery worker: claims due outbox rows with leases (held rows become due when quiet hours or a
 * digest window end), drops what is no longer wanted, groups digests, and sends through the channel ports.
 * Pages overlap — the next page is claimed and rendered while the last one's batches wait in the vendor's
 * pacer — so a large fan-out runs at the vendor's rate limit rather than at our own latency.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { claimDueDeliveries } from "@/db/queries/deliveries";
import type { DeliveryChannel, DeliveryRow } from "@/db/schema";
import { createComponentLog, type LineLog } from "@/server/lib/component-log";
import type { RenderOptions } from "@/server/notifications/format";
import type { NotificationChannels } from "@/server/notifications/ports";
import { createCachedAlertEmailRenderer } from "@/server/notifications/render-email-cache";
import type { SmsSentLookup } from "@/server/notifications/twilio-lookup";
import type { LinkConfig } from "./links";
import { sendDirectUnits } from "./send-channels";
import { sendEmailUnits } from "./send-email";
import { releaseEscalations } from "./escalation";
import { checkStillWanted, loadSendContext } from "./send-context";
import { dropRows, groupUnits, mergeRecords, type UnitRecord } from "./units";
import { ensureAlive, saveRecord, settleAll, WorkerStoppedError, type WorkerRun } from "./worker-types";

/**
 * How long a claimed row belongs to its worker. Long enough for a page to wait out the vendor's pacing
 * (a few seconds at Resend's default 2 requests/s) with a wide margin; a dead worker's rows return after it.
 */
export const DEFAULT_LEASE_MS = 2 * 60_000;

/**
 * Email is claimed apart from the rest so a page holds whole Resend batches (500 = 5 × 100) instead of
 * leaving a part-filled batch per page, and a slow channel never holds up another.
 */
const CLAIM_LANES: { channels: DeliveryChannel[]; isPipelined: boolean; maxPage: number }[] = [
  { channels: ["email"], isPipelined: true, maxPage: Number.POSITIVE_INFINITY },
  // One page at a time: these channels' own concurrency bounds them, and a deep queue would only take
  // this thread from the email pacer.
  { channels: ["sms", "push", "webhook"], isPipelined: false, maxPage: Number.POSITIVE_INFINITY },
];
/** One Resend batch: the first call leaves while the first full page is still being prepared. */
const FIRST_PAGE_SIZE = 100;

export interface DeliveryWorkerDeps {
  db: Db;
  channels: NotificationChannels;
  links: LinkConfig;
  smsLookup?: SmsSentLookup | null;
  /** This process, as it appears in leases. */
  owner: string;
  now?: () => Date;
  renderOptions?: RenderOptions;
  /** A plain-line sink instead of the process logger (tests). */
  log?: LineLog;
  /** Aborting stops the worker where it stands, recording nothing further (as if the process died). */
  signal?: AbortSignal;
  leaseMs?: number;
}

export interface DeliveryPassOptions {
  /** Most rows one pass may claim. */
  limit: number;
  /**
   * Rows per claim (default 100, one Resend batch). Small pages keep each statement short: on PGlite every
   * query runs on this thread, and a long one would make the vendor pacer's timers fire late.
   */
  pageSize?: number;
  /** Pages of rows waiting for their vendor call before the lane stops claiming (default 4). */
  pagesInFlight?: number;
}

export interface DeliveryPassSummary {
  claimed: number;
  stopped: boolean;
}

async function processPage(run: WorkerRun, rows: DeliveryRow[], batchPrefix: string): Promise<void> {
  const context = await loadSendContext(run.db, rows, run.now());
  const dropped: UnitRecord[] = [];
  const sendable: DeliveryRow[] = [];
  for (const row of rows) {
    // A row marked by an earlier attempt may have gone out: finish it, do not second-guess. One batched by
    // this very claim has not been sent; drops are recorded before any call, so a repeat sees the same batch.
    const isMarkedBefore = row.markedAt !== null && !row.batchKey?.startsWith(batchPrefix);
    const reason = isMarkedBefore ? null : checkStillWanted(row, context);
    if (reason) dropped.push(dropRows([row], reason, run.now()));
    else sendable.push(row);
  }
  if (dropped.length > 0) {
    await saveRecord(run, mergeRecords(dropped));
    // A push dropped at send time (device gone) will never be opened: its escalation need not wait.
    const droppedPushAlerts = rows.filter((row) => row.channel === "push" && !sendable.includes(row)).map((row) => row.alertId);
    if (droppedPushAlerts.length > 0) await releaseEscalations(run.db, droppedPushAlerts, run.now());
  }
  const units = groupUnits(sendable, (row) => context.alerts.get(row.alertId)?.createdAt.getTime() ?? 0);
  await settleAll([
    sendEmailUnits(
      run,
      units.filter((unit) => unit.channel === "email"),
      context,
    ),
    sendDirectUnits(
      run,
      units.filter((unit) => unit.channel !== "email"),
      context,
    ),
  ]);
}

/** Sends what is due now, up to `limit` rows; returns how many rows it claimed. */
export async function deliverDueDeliveries(deps: DeliveryWorkerDeps, options: DeliveryPassOptions): Promise<DeliveryPassSummary> {
  const run: WorkerRun = {
    db: deps.db,
    channels: deps.channels,
    links: deps.links,
    smsLookup: deps.smsLookup ?? null,
    owner: deps.owner,
    now: deps.now ?? (() => new Date()),
    renderOptions: deps.renderOptions ?? {},
    emailRenderer: createCachedAlertEmailRenderer(deps.renderOptions ?? {}),
    validatedMessages: new Set(),
    releaseRows: () => undefined,
    signal: deps.signal,
    log: createComponentLog("delivery", deps.log),
  };
  const pageSize = options.pageSize ?? 100;
  const pagesInFlight = Math.max(1, options.pagesInFlight ?? 4);
  const errors: unknown[] = [];
  let claimed = 0;

  /**
   * Each lane claims and sends on its own, so slow SMS or push pages never hold up email batches. A lane
   * claims its next page once fewer than `pagesInFlight` pages of rows wait for their vendor call (not when
   * the earlier pages are fully recorded): the next page is prepared while the last one's batches go out.
   */
  async function runLane({ channels, isPipelined, maxPage }: (typeof CLAIM_LANES)[number]): Promise<void> {
    const depth = isPipelined ? pagesInFlight : 1;
    const lanePage = Math.min(pageSize, maxPage);
    const pages = new Set<Promise<void>>();
    let waiting = 0;
    let wake: (() => void) | null = null;
    const lane: WorkerRun = {
      ...run,
      releaseRows(count) {
        waiting -= count;
        wake?.();
      },
    };
    // A small first page gets the first call out while the bigger pages are prepared.
    let limit = Math.min(lanePage, FIRST_PAGE_SIZE);
    try {
      while (claimed < options.limit && errors.length === 0) {
        while (waiting >= lanePage * depth || pages.size > depth) {
          await Promise.race([...pages, new Promise<void>((resolve) => (wake = resolve))]);
          wake = null;
        }
        ensureAlive(run);
        const batchPrefix = `claim-${randomUUID()}`;
        const rows = await claimDueDeliveries(run.db, {
          owner: run.owner,
          now: run.now(),
          leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
          limit: Math.min(limit, options.limit - claimed),
          channels,
          emailBatch: { prefix: batchPrefix, size: run.channels.email.maxBatchSize },
        });
        limit = lanePage;
        if (rows.length === 0) break;
        claimed += rows.length;
        waiting += rows.length;
        let released = 0;
        const page: Promise<void> = processPage({ ...lane, releaseRows: (count) => ((released += count), lane.releaseRows(count)) }, rows, batchPrefix)
          .catch((error: unknown) => {
            errors.push(error);
          })
          .finally(() => {
            pages.delete(page);
            lane.releaseRows(rows.length - released);
          });
        pages.add(page);
      }
    } catch (error) {
      errors.push(error);
    }
    await Promise.all(pages);
  }

  await Promise.all(CLAIM_LANES.map(runLane));
  // After an abort, adapters reject with AbortError too: that is the stop, not a failure.
  const failure = deps.signal?.aborted ? undefined : errors.find((error) => !(error instanceof WorkerStoppedError));
  if (failure) throw failure;
  return { claimed, stopped: errors.length > 0 };
}
