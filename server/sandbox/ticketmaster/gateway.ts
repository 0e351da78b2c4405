/**
 * The Apigee-like gateway in front of the Discovery backend: key check, spike arrest, daily quota. Policy
 * order follows the usual Apigee flow (VerifyAPIKey → SpikeArrest → Quota), so a spike-arrested request
 * never reaches the quota counter, while every request that passes counts — 4xx from the backend included
 * (providers.md 1.10, PROBE-2026 §10/§12).
 */
import {
  buildInvalidKeyError,
  buildQuotaViolationError,
  buildSpikeArrestError,
  type ErrorResponse,
} from "./error-bodies";
import type { TunableOptions } from "./options";

export interface QuotaSnapshot {
  limit: number;
  used: number;
  available: number;
  over: number;
  /** Epoch ms, real clock; null before the key's first counted call. */
  resetAt: number | null;
}

interface KeyState {
  windowStart: number | null;
  used: number;
  over: number;
  /** Arrival times of recent requests, refused ones included (smooth mode). */
  seen: number[];
  /** Arrival times of recent accepted requests (window mode). */
  accepted: number[];
}

export type GateResult = { ok: true; quota: QuotaSnapshot } | { ok: false; error: ErrorResponse };

export class Gateway {
  private readonly states = new Map<string, KeyState>();

  constructor(private readonly getOptions: () => TunableOptions) {}

  /** Runs the policies for one request at real time `now`. */
  admit(apiKey: string | null, now: number): GateResult {
    const options = this.getOptions();
    if (!apiKey || !options.keys.includes(apiKey)) return { ok: false, error: buildInvalidKeyError() };
    const state = this.getState(apiKey);
    if (this.isSpikeArrested(state, now, options)) {
      return { ok: false, error: buildSpikeArrestError(options.spikeArrest) };
    }
    this.rollWindow(state, now, options);
    if (state.used >= options.dailyQuota) {
      state.over += 1;
      return { ok: false, error: buildQuotaViolationError(apiKey) };
    }
    state.used += 1;
    return { ok: true, quota: this.snapshotQuota(state, options) };
  }

  readQuota(apiKey: string, now: number): QuotaSnapshot {
    const options = this.getOptions();
    const state = this.getState(apiKey);
    this.rollWindow(state, now, options, false);
    return this.snapshotQuota(state, options);
  }

  listQuotas(now: number): Record<string, QuotaSnapshot> {
    return Object.fromEntries([...this.states.keys()].map((key) => [key, this.readQuota(key, now)]));
  }

  reset(): void {
    this.states.clear();
  }

  private getState(apiKey: string): KeyState {
    let state = this.states.get(apiKey);
    if (!state) {
      state = { windowStart: null, used: 0, over: 0, seen: [], accepted: [] };
      this.states.set(apiKey, state);
    }
    return state;
  }

  private isSpikeArrested(state: KeyState, now: number, options: TunableOptions): boolean {
    const spike = options.spikeArrest;
    if (spike.mode === "off") return false;
    if (spike.mode === "window") {
      state.accepted = state.accepted.filter((t) => now - t < 1000 && t <= now);
      if (state.accepted.length >= spike.windowLimit) return true;
      state.accepted.push(now);
      return false;
    }
    // Smoothing counts refused requests too: Apigee compares against the previous arrival, not the last
    // accepted one, which is why a client retrying too fast stays locked out.
    const burst = Math.max(1, Math.floor(spike.burst));
    const intervalMs = 1000 / spike.ratePerSecond;
    const reference = state.seen.length >= burst ? state.seen[state.seen.length - burst] : undefined;
    state.seen.push(now);
    if (state.seen.length > burst) state.seen.splice(0, state.seen.length - burst);
    return reference !== undefined && now >= reference && now - reference < intervalMs * burst;
  }

  private rollWindow(state: KeyState, now: number, options: TunableOptions, isStarting = true): void {
    if (state.windowStart !== null && now >= state.windowStart + options.quotaWindowMs) {
      state.windowStart = null;
      state.used = 0;
      state.over = 0;
    }
    if (state.windowStart === null && isStarting) state.windowStart = now;
  }

  private snapshotQuota(state: KeyState, options: TunableOptions): QuotaSnapshot {
    return {
      limit: options.dailyQuota,
      used: state.used,
      available: Math.max(0, options.dailyQuota - state.used),
      over: state.over,
      resetAt: state.windowStart === null ? null : state.windowStart + options.quotaWindowMs,
    };
  }
}

/** The four headers every 200 carries — providers.md 1.10, TM-GS-2018, PROBE-2026 §12. */
export function buildRateLimitHeaders(quota: QuotaSnapshot): Record<string, string> {
  return {
    "Rate-Limit": String(quota.limit),
    "Rate-Limit-Available": String(quota.available),
    "Rate-Limit-Over": String(quota.over),
    "Rate-Limit-Reset": String(quota.resetAt ?? ""),
  };
}
