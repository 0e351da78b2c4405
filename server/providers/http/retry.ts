/**
 * Bounded retry with exponential backoff and full jitter (delay drawn uniformly from [0, cap], cap doubling
 * per attempt) so that many clients recovering from the same outage do not retry in lockstep.
 */
import { systemClock, type Clock } from "./clock";

export interface BackoffPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  /** Cap of the first retry's delay; doubles per retry. */
  baseDelayMs: number;
  /** Upper bound of any single delay. */
  maxDelayMs: number;
}

export type RetryDecision = { retry: false } | { retry: true; /** floor under the jittered delay */ minDelayMs?: number };

export interface RetryOptions extends BackoffPolicy {
  /** Whether the error of attempt `attempt` (1-based) is worth another try. */
  decide(error: unknown, attempt: number): RetryDecision;
  clock?: Clock;
  /** Uniform [0, 1); injectable so tests are deterministic. */
  random?: () => number;
  signal?: AbortSignal;
  onRetry?(info: { attempt: number; delayMs: number; error: unknown }): void;
}

/** The delay before retry number `retry` (1 = first retry): full jitter under an exponential cap, floored by `minDelayMs`. */
export function computeBackoffDelay(
  retry: number,
  policy: Pick<BackoffPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
  minDelayMs = 0,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.floor(random() * cap);
  return Math.min(Math.max(jittered, minDelayMs), Math.max(policy.maxDelayMs, minDelayMs));
}

/** Runs `attempt` until it succeeds, `decide` says stop, or `maxAttempts` is reached; rethrows the last error. */
export async function runWithRetry<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (options.signal?.aborted || n >= options.maxAttempts) throw error;
      const decision = options.decide(error, n);
      if (!decision.retry) throw error;
      const delayMs = computeBackoffDelay(n, options, random, decision.minDelayMs ?? 0);
      options.onRetry?.({ attempt: n, delayMs, error });
      await clock.sleep(delayMs, options.signal);
    }
  }
}
