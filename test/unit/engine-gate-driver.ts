import { InMemoryQuotaGate } from "@/server/providers/http/in-memory-quota-gate";

/**
 * The in-memory quota gate on a hand-driven clock, for the scheduler's window tests: `tryCall` spends calls the
 * way a poll does (asks the gate, then records each call) and counts what the gate refused.
 */
export function createGateDriver(options: { limit: number; windowMs: number; reserve: number; startMs: number }) {
  const state = { clockMs: options.startMs, used: 0, refusals: 0, lastCallAt: 0 };
  const gate = new InMemoryQuotaGate({ limit: options.limit, windowMs: options.windowMs, reserve: options.reserve, clock: { now: () => state.clockMs, sleep: async () => {} } });
  const tryCall = (calls: number) => {
    if (!gate.canCall("k").ok) {
      state.refusals += 1;
      return false;
    }
    for (let call = 0; call < calls; call += 1) {
      gate.onCall({ provider: "ticketmaster", keyLabel: "k", endpoint: "/events", status: 200, latencyMs: 100, startedAt: new Date(state.clockMs), rateLimit: null, isCounted: true, errorKind: null });
    }
    state.used += calls;
    state.lastCallAt = state.clockMs;
    return true;
  };
  /** The budget as the plan job reads it from the shared ledger. */
  const readBudget = () => {
    const budget = gate.readBudget("k");
    return { available: budget.available, resetAt: budget.resetAt?.toISOString() ?? null };
  };
  return { state, tryCall, readBudget };
}
