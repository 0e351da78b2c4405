import type { Db } from "@/db";
import { acquireRequestToken, readQuotaWindow, recordProviderCall, releaseRequestToken } from "@/db/queries/quota";
import { Pacer, systemClock, type Clock, type GateDecision, type PacerOptions, type QuotaBudget, type QuotaGate } from "@/server/providers/http";
import { TICKETMASTER_DAILY_QUOTA, TICKETMASTER_QUOTA_WINDOW_MS } from "@/server/providers/http";
import type { CallObserver, CallRecord, ProviderId } from "@/server/providers/types";

export interface PgQuotaOptions {
  db: Db;
  provider: ProviderId;
  /** Calls per window (Ticketmaster default 5,000 a day — providers.md 1.10 [TM-DOC-V2]). */
  limit?: number;
  windowMs?: number;
  /** Calls held back as a safety margin (providers.md 6 suggests planning well under the quota). */
  reserve?: number;
  /** Which process made the call, for the ledger. */
  owner?: string;
  clock?: Clock;
  onError?(error: unknown): void;
}

/**
 * The quota gate and call ledger on PostgreSQL: every process asks the same row whether it may call and
 * records every call there, so adding workers never adds calls.
 */
export class PgQuotaGate implements QuotaGate, CallObserver {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly reserve: number;
  private readonly clock: Clock;

  constructor(private readonly options: PgQuotaOptions) {
    this.limit = options.limit ?? TICKETMASTER_DAILY_QUOTA;
    this.windowMs = options.windowMs ?? TICKETMASTER_QUOTA_WINDOW_MS;
    this.reserve = options.reserve ?? 0;
    this.clock = options.clock ?? systemClock;
  }

  async canCall(keyLabel: string): Promise<GateDecision> {
    const row = await readQuotaWindow(this.options.db, { provider: this.options.provider, keyLabel, limit: this.limit });
    const now = this.clock.now();
    if (row.blockedUntil && row.blockedUntil.getTime() > now) {
      return { ok: false, retryAt: row.blockedUntil, reason: "the provider refused further calls on this key until its quota resets" };
    }
    const available = row.limit - row.used;
    if (available <= this.reserve) {
      return { ok: false, retryAt: row.resetAt ?? new Date(now + this.windowMs), reason: `daily budget spent (${row.used} of ${row.limit}, ${this.reserve} held in reserve)` };
    }
    return { ok: true };
  }

  async readBudget(keyLabel: string): Promise<QuotaBudget> {
    const row = await readQuotaWindow(this.options.db, { provider: this.options.provider, keyLabel, limit: this.limit });
    return {
      limit: row.limit,
      used: row.used,
      available: Math.max(0, row.limit - row.used),
      windowStartedAt: row.windowStartedAt,
      resetAt: row.resetAt,
      blockedUntil: row.blockedUntil,
    };
  }

  async onCall(record: CallRecord): Promise<void> {
    try {
      await recordProviderCall(this.options.db, {
        provider: record.provider,
        keyLabel: record.keyLabel,
        endpoint: record.endpoint,
        status: record.status,
        latencyMs: Math.round(record.latencyMs),
        startedAt: record.startedAt,
        isCounted: record.isCounted,
        errorKind: record.errorKind,
        rateLimitAvailable: record.rateLimit?.available ?? null,
        rateLimitResetAt: record.rateLimit?.resetAt ?? null,
        rateLimitLimit: record.rateLimit?.limit ?? null,
        owner: this.options.owner ?? null,
        blockUntil: null,
        windowMs: this.windowMs,
        limit: this.limit,
      });
    } catch (error) {
      this.options.onError?.(error);
      throw error;
    }
  }
}

/** How long a request may hold the key's token before another process may assume its holder died. */
const TOKEN_HOLD_MS = 30_000;

/**
 * A pacer that also takes the key's request token in PostgreSQL, so all processes together keep one request
 * in flight per key, starts `minGapMs` apart and `minIdleMs` after the previous response: Ticketmaster's spike
 * arrest counts arrivals per key, and network jitter can bunch arrivals that only had their starts spaced.
 */
export class PgPacer extends Pacer {
  private readonly slotClock: Clock;

  constructor(
    private readonly slot: { db: Db; provider: ProviderId; keyLabel: string; limit?: number },
    options: PacerOptions,
  ) {
    super(options);
    this.slotClock = options.clock ?? systemClock;
  }

  override run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const key = { provider: this.slot.provider, keyLabel: this.slot.keyLabel };
    return super.run(async () => {
      for (;;) {
        const waitMs = await acquireRequestToken(this.slot.db, { ...key, gapMs: this.minGapMs, holdMs: TOKEN_HOLD_MS, limit: this.slot.limit ?? TICKETMASTER_DAILY_QUOTA });
        if (waitMs === 0) break;
        await this.slotClock.sleep(waitMs, signal);
      }
      try {
        return await task();
      } finally {
        await releaseRequestToken(this.slot.db, { ...key, idleMs: this.minIdleMs });
      }
    }, signal);
  }
}
