/**
 * What the worker sends: a unit is one vendor message — a single alert, or a digest of every due row that
 * shares a fan, channel and digest key — with the idempotency key that message keeps across retries and
 * restarts. Also how an outcome becomes row updates and attempt records (retry schedule included).
 */
import { createHash } from "node:crypto";
import type { AttemptInsert, DeliveryResult } from "@/db/queries/deliveries";
import type { DeliveryChannel, DeliveryRow } from "@/db/schema";
import type { DeliveryOutcome } from "@/server/notifications/ports";

export interface SendUnit {
  channel: DeliveryChannel;
  /** Vendor idempotency key (Resend), webhook delivery id, dev-outbox key. */
  key: string;
  rows: DeliveryRow[];
  userId: string;
  destination: string;
  digestKey: string | null;
  /** The rows carried a sent-marker when claimed: a worker died (or a call failed) mid-send. */
  isReplay: boolean;
  /** Interrupted email batch to repeat exactly (same members, same order, same key). */
  batchKey: string | null;
  batchIndex: number | null;
}

/** Retry delays after the 1st, 2nd, … failure without a vendor hint (our choice: quick first, then patient). */
const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 3 * 3_600_000];
/** Transient failures give up after this many attempts (our choice; the fan sees "failed" with the error). */
export const MAX_ATTEMPTS = 8;
/** Alerts older than this are not worth sending any more (our choice: a day-old "on sale now" misleads). */
export const MAX_DELIVERY_AGE_MS = 24 * 3_600_000;

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 40);
}

export function digestReason(digestKey: string): "hourly" | "daily" | "quiet-hours" {
  const kind = digestKey.split(":")[1];
  return kind === "quiet" ? "quiet-hours" : kind === "hourly" ? "hourly" : "daily";
}

/** The key of a batch: its units' keys in order (the same group retried gets the same key). */
export function deriveBatchKey(keys: readonly string[]): string {
  return `batch-${hash(keys.join("\n"))}`;
}

/**
 * Groups claimed rows into units. Replayed rows keep the key they were marked with; fresh digest rows make
 * one unit per fan, channel, destination and digest key (webhooks have no digest form and go one by one).
 */
export function groupUnits(rows: readonly DeliveryRow[], order: (row: DeliveryRow) => number): SendUnit[] {
  const units = new Map<string, SendUnit>();
  const sorted = [...rows].sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id));
  for (const row of sorted) {
    const isReplay = row.markedAt !== null && row.sendKey !== null;
    const isDigest = row.digestKey !== null && row.channel !== "webhook";
    const groupKey = isReplay ? `replay:${row.sendKey}` : isDigest ? `digest:${row.userId}|${row.channel}|${row.destination}|${row.digestKey}` : `one:${row.id}`;
    let unit = units.get(groupKey);
    if (!unit) {
      unit = {
        channel: row.channel,
        key: isReplay ? row.sendKey! : `delivery-${row.id}`,
        rows: [],
        userId: row.userId,
        destination: row.destination,
        digestKey: isDigest ? row.digestKey : null,
        isReplay,
        batchKey: isReplay ? row.batchKey : null,
        batchIndex: isReplay ? row.batchIndex : null,
      };
      units.set(groupKey, unit);
    }
    unit.rows.push(row);
  }
  for (const unit of units.values()) {
    if (!unit.isReplay && unit.digestKey !== null) unit.key = `digest-${hash(unit.rows.map((row) => row.id).sort().join(","))}`;
  }
  return [...units.values()];
}

function retryAtFor(attempts: number, now: Date): Date {
  return new Date(now.getTime() + RETRY_DELAYS_MS[Math.min(attempts - 1, RETRY_DELAYS_MS.length - 1)]!);
}

export interface UnitRecord {
  results: DeliveryResult[];
  attempts: AttemptInsert[];
}

/**
 * Row updates and attempt records for one unit's outcome. `keepMarkerOnRetry`: the next try must repeat the
 * same call (email batches) or reconcile first (an SMS whose fate is unknown).
 */
export function recordOutcome(unit: SendUnit, outcome: DeliveryOutcome, context: { vendor: string; now: Date; keepMarkerOnRetry: boolean; note?: string }): UnitRecord {
  const { now } = context;
  const attempts: AttemptInsert[] = unit.rows.map((row) => ({
    deliveryId: row.id,
    channel: row.channel,
    vendor: context.vendor,
    status: context.note ?? (outcome.status === "sent" && outcome.isKeptLocally ? "kept" : outcome.status),
    providerMessageId: outcome.status === "sent" ? outcome.providerMessageId : null,
    errorCode: outcome.status === "sent" ? null : outcome.error.code,
    error: outcome.status === "sent" ? null : outcome.error.message,
    httpStatus: outcome.status === "sent" ? null : outcome.error.httpStatus,
    attemptedAt: now,
  }));
  const results = unit.rows.map((row): DeliveryResult => {
    if (outcome.status === "sent") return { id: row.id, status: outcome.isKeptLocally ? "kept" : "sent", providerMessageId: outcome.providerMessageId, isAttempt: true };
    const { error } = outcome;
    // Same key, different body: the first call went out; a second email would be the duplicate.
    if (outcome.status === "permanent-failure" && error.code === "idempotency-conflict") {
      return { id: row.id, status: "sent", error: error.message, errorCode: error.code, isAttempt: true };
    }
    if (outcome.status === "permanent-failure") return { id: row.id, status: "failed", error: error.message, errorCode: error.code, isAttempt: true };
    const count = row.attempts + 1;
    const isStale = now.getTime() - row.createdAt.getTime() > MAX_DELIVERY_AGE_MS;
    const isThrottle = error.code === "rate-limited" || error.code === "quota-exceeded" || error.code === "provider-config";
    if (isStale || (count >= MAX_ATTEMPTS && !isThrottle)) {
      return { id: row.id, status: "failed", error: `gave up after ${count} attempts: ${error.message}`, errorCode: error.code, isAttempt: true };
    }
    return {
      id: row.id,
      status: "pending",
      error: error.message,
      errorCode: error.code,
      dueAt: outcome.retryAt ?? retryAtFor(count, now),
      keepMarker: context.keepMarkerOnRetry,
      isAttempt: true,
    };
  });
  return { results, attempts };
}

/** Rows dropped at send time (number removed, device gone, channel turned off): no vendor call. */
export function dropRows(rows: readonly DeliveryRow[], reason: { code: string; message: string }, now: Date): UnitRecord {
  return {
    results: rows.map((row) => ({ id: row.id, status: "dropped", error: reason.message, errorCode: reason.code, isAttempt: false })),
    attempts: rows.map((row) => ({ deliveryId: row.id, channel: row.channel, vendor: "none", status: "skipped", errorCode: reason.code, error: reason.message, attemptedAt: now })),
  };
}

export function mergeRecords(records: readonly UnitRecord[]): UnitRecord {
  return { results: records.flatMap((record) => record.results), attempts: records.flatMap((record) => record.attempts) };
}
