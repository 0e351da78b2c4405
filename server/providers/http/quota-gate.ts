/**
 * The quota port. Before every call a client asks `canCall(keyLabel)`; after every call it reports a
 * `CallRecord` to a `CallObserver` (types.ts). A gate that also observes calls (like the in-memory one) is
 * passed as both. The engine provides a PostgreSQL-backed gate with the same interface so every worker
 * process shares one budget.
 */

export type GateDecision = { ok: true } | { ok: false; retryAt: Date; reason: string };

export interface QuotaBudget {
  limit: number;
  used: number;
  available: number;
  /** When the current window began (first counted call), null before any call. */
  windowStartedAt: Date | null;
  resetAt: Date | null;
  /** Set after the vendor refused for quota; no calls until then. */
  blockedUntil: Date | null;
}

export interface QuotaGate {
  canCall(keyLabel: string): GateDecision | Promise<GateDecision>;
  /** The budget as the gate knows it; lets a client tell "nearly spent" from an unexplained 429. */
  readBudget?(keyLabel: string): QuotaBudget | null | Promise<QuotaBudget | null>;
}

/** A gate that never refuses (providers without a call quota, or tests that do not care). */
export const openQuotaGate: QuotaGate = { canCall: () => ({ ok: true }) };
