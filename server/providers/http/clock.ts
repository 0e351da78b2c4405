/**
 * Time as a dependency. Everything in the HTTP machinery (pacer, retry, breaker, quota gate) reads time and
 * sleeps through a `Clock`, so unit tests can run hours of backoff in microseconds without patching timers.
 */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

export interface VirtualClock extends Clock {
  /** Moves time forward without waking anyone early; due sleepers wake in deadline order. */
  advance(ms: number): void;
  /** Every sleep duration requested so far, in call order (for assertions on backoff and pacing). */
  readonly sleeps: number[];
}

/**
 * A discrete-event clock for unit tests: a sleep does not wait for real time; once the current tick's
 * microtasks settle, the earliest pending sleeper wakes and time jumps to its deadline. Concurrent
 * sleepers therefore wake in the order real time would wake them.
 */
export function createVirtualClock(startMs = Date.UTC(2026, 0, 1)): VirtualClock {
  let nowMs = startMs;
  let seq = 0;
  const pending: { at: number; seq: number; wake: () => void }[] = [];
  const sleeps: number[] = [];

  const wakeEarliest = () => {
    if (pending.length === 0) return;
    pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = pending.shift()!;
    nowMs = Math.max(nowMs, next.at);
    next.wake();
  };

  return {
    now: () => nowMs,
    sleeps,
    advance(ms) {
      nowMs += ms;
    },
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortReason(signal));
        const entry = { at: nowMs + Math.max(0, ms), seq: seq++, wake: () => resolve() };
        pending.push(entry);
        signal?.addEventListener(
          "abort",
          () => {
            const i = pending.indexOf(entry);
            if (i >= 0) pending.splice(i, 1);
            reject(abortReason(signal));
          },
          { once: true },
        );
        // setImmediate runs after pending microtasks and I/O callbacks, so sleepers registered in the same
        // turn are all queued before the earliest one is chosen.
        setImmediate(wakeEarliest);
      });
    },
  };
}

export interface OffsetClock extends Clock {
  /** Shifts `now()` forward (e.g. to skip a 24 h quota window) while sleeps stay real. */
  advance(ms: number): void;
}

/** Real time plus an adjustable offset: for integration tests that must pace for real but skip days. */
export function createOffsetClock(offsetMs = 0): OffsetClock {
  let offset = offsetMs;
  return {
    now: () => Date.now() + offset,
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    advance(ms) {
      offset += ms;
    },
  };
}
