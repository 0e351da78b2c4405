/**
 * Process-local quota gate and call observer modelled on Ticketmaster's rolling daily window: the window
 * starts at the key's first call and resets 24 h later, not at midnight (providers.md 1.10 [PROBE-2026 §12]).
 * It syncs from `Rate-Limit-Available`/`Rate-Limit-Reset` on 200s and counts every other counted call
 * itself, because 4xx responses cost quota but carry no headers (providers.md 1.10 [PROBE-2026 §10, §12]).
 * After a quota refusal it blocks until the reset. Use it for a single process; multi-process deployments
 * use the PostgreSQL-backed gate with the same interface.
 */
import type { CallObserver, CallRecord } from "../types";
import { systemClock, type Clock } from "./clock";
import type { GateDecision, QuotaBudget, QuotaGate } from "./quota-gate";

/** Default Discovery quota: "5000 API calls per day" — providers.md 1.10 [TM-DOC-V2]. */
export const TICKETMASTER_DAILY_QUOTA = 5000;
/** Rolling window length: 24 h after the first call — providers.md 1.10 [PROBE-2026 §12]. */
export const TICKETMASTER_QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface InMemoryQuotaGateOptions {
  limit?: number;
  windowMs?: number;
  /** Calls held back from the budget (a safety margin); canCall refuses once only the reserve is left. */
  reserve?: number;
  clock?: Clock;
}

interface KeyWindow {
  windowStartMs: number | null;
  resetAtMs: number | null;
  used: number;
  limit: number;
  blockedUntilMs: number | null;
}

export class InMemoryQuotaGate implements QuotaGate, CallObserver {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly reserve: number;
  private readonly clock: Clock;
  private readonly windows = new Map<string, KeyWindow>();

  constructor(options: InMemoryQuotaGateOptions = {}) {
    this.limit = options.limit ?? TICKETMASTER_DAILY_QUOTA;
    this.windowMs = options.windowMs ?? TICKETMASTER_QUOTA_WINDOW_MS;
    this.reserve = options.reserve ?? 0;
    this.clock = options.clock ?? systemClock;
  }

  canCall(keyLabel: string): GateDecision {
    const w = this.currentWindow(keyLabel);
    const now = this.clock.now();
    if (w.blockedUntilMs !== null && now < w.blockedUntilMs) {
      return { ok: false, retryAt: new Date(w.blockedUntilMs), reason: "quota refused by the vendor" };
    }
    if (w.limit - w.used <= this.reserve) {
      const retryAtMs = w.resetAtMs ?? now + this.windowMs;
      return { ok: false, retryAt: new Date(retryAtMs), reason: "daily budget spent" };
    }
    return { ok: true };
  }

  readBudget(keyLabel: string): QuotaBudget {
    const w = this.currentWindow(keyLabel);
    return {
      limit: w.limit,
      used: w.used,
      available: Math.max(0, w.limit - w.used),
      windowStartedAt: w.windowStartMs === null ? null : new Date(w.windowStartMs),
      resetAt: w.resetAtMs === null ? null : new Date(w.resetAtMs),
      blockedUntil: w.blockedUntilMs === null ? null : new Date(w.blockedUntilMs),
    };
  }

  onCall(record: CallRecord): void {
    const w = this.currentWindow(record.keyLabel);
    if (record.isCounted) {
      if (w.windowStartMs === null) {
        w.windowStartMs = record.startedAt.getTime();
        w.resetAtMs = w.windowStartMs + this.windowMs;
      }
      w.used++;
    }
    const rl = record.rateLimit;
    if (rl) {
      // The vendor's own figures win over our count whenever it reports them.
      if (rl.limit !== null) w.limit = rl.limit;
      if (rl.available !== null) w.used = Math.max(0, w.limit - rl.available);
      if (rl.resetAt !== null) {
        w.resetAtMs = rl.resetAt.getTime();
        w.windowStartMs ??= w.resetAtMs - this.windowMs;
      }
    }
    if (record.errorKind === "quota-exhausted") {
      w.used = Math.max(w.used, w.limit);
      w.blockedUntilMs = w.resetAtMs ?? this.clock.now() + this.windowMs;
    }
  }

  /** The key's window, started fresh once the previous one has reset. */
  private currentWindow(keyLabel: string): KeyWindow {
    let w = this.windows.get(keyLabel);
    const now = this.clock.now();
    if (!w || (w.resetAtMs !== null && now >= w.resetAtMs)) {
      w = { windowStartMs: null, resetAtMs: null, used: 0, limit: w?.limit ?? this.limit, blockedUntilMs: null };
      this.windows.set(keyLabel, w);
    }
    return w;
  }
}
