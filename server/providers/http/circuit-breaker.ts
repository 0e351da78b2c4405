/**
 * One circuit breaker per provider: after `failureThreshold` consecutive upstream failures (5xx, timeouts,
 * network errors) it opens and refuses calls for `coolDownMs`; then it lets one trial call through
 * (half-open) and closes on its success or re-opens on its failure. Admins read the state through
 * `getSnapshot()`; `onStateChange` lets the composition root persist or broadcast transitions.
 */
import type { CircuitState } from "../types";
import { systemClock, type Clock } from "./clock";

export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** When the breaker last opened, or null while it has never opened since the last close. */
  openedAt: Date | null;
  /** When an open breaker will allow a trial call. */
  retryAt: Date | null;
}

export interface CircuitStateChange {
  from: CircuitState;
  to: CircuitState;
  at: Date;
  consecutiveFailures: number;
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before a trial. */
  coolDownMs?: number;
  clock?: Clock;
  onStateChange?(change: CircuitStateChange): void;
}

export type CircuitPermit = { ok: true } | { ok: false; retryAt: Date };

export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly coolDownMs: number;
  private readonly clock: Clock;
  private readonly onStateChange?: (change: CircuitStateChange) => void;
  private current: CircuitState = "closed";
  private failures = 0;
  private openedAtMs: number | null = null;
  private isTrialInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? 5);
    this.coolDownMs = options.coolDownMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
    this.onStateChange = options.onStateChange;
  }

  /** Current state; an open circuit whose cool-down has passed reads as half-open. */
  get state(): CircuitState {
    this.promoteIfCooled();
    return this.current;
  }

  getSnapshot(): CircuitSnapshot {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      openedAt: this.openedAtMs === null ? null : new Date(this.openedAtMs),
      retryAt: state === "open" && this.openedAtMs !== null ? new Date(this.openedAtMs + this.coolDownMs) : null,
    };
  }

  /** Asks to make a call. In half-open only one trial is admitted until its outcome is recorded. */
  requestPermit(): CircuitPermit {
    this.promoteIfCooled();
    if (this.current === "closed") return { ok: true };
    if (this.current === "half-open" && !this.isTrialInFlight) {
      this.isTrialInFlight = true;
      return { ok: true };
    }
    const retryAtMs =
      this.current === "open" && this.openedAtMs !== null ? this.openedAtMs + this.coolDownMs : this.clock.now() + 1000;
    return { ok: false, retryAt: new Date(retryAtMs) };
  }

  /** The upstream answered (any non-5xx response counts as healthy). */
  recordSuccess(): void {
    this.failures = 0;
    this.isTrialInFlight = false;
    if (this.current !== "closed") {
      this.openedAtMs = null;
      this.transition("closed");
    }
  }

  recordFailure(): void {
    this.failures++;
    this.isTrialInFlight = false;
    if (this.current === "half-open" || (this.current === "closed" && this.failures >= this.failureThreshold)) {
      this.openedAtMs = this.clock.now();
      this.transition("open");
    }
  }

  /** The permitted call ended without telling us anything about upstream health (e.g. caller aborted). */
  recordNeutral(): void {
    this.isTrialInFlight = false;
  }

  private promoteIfCooled(): void {
    if (this.current === "open" && this.openedAtMs !== null && this.clock.now() >= this.openedAtMs + this.coolDownMs) {
      this.transition("half-open");
    }
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.onStateChange?.({ from, to, at: new Date(this.clock.now()), consecutiveFailures: this.failures });
  }
}
