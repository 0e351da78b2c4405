/**
 * A per-key serial queue that spaces request starts at least `minGapMs` apart. Vendors such as Ticketmaster
 * enforce a spike arrest (one request per 200 ms, burst 1 — providers.md 1.10 [APIGEE-SA, SPIKE-OBS]), so
 * every request made with one key in this process must go through the same Pacer: get it from a
 * `PacerRegistry` (or the process-wide `processPacers`) rather than constructing one per client.
 */
import { systemClock, type Clock } from "./clock";

export interface PacerOptions {
  /** Minimum milliseconds between the starts of two requests. */
  minGapMs: number;
  /**
   * Minimum milliseconds between the end of one task and the start of the next. A start-to-start gap alone
   * is not enough: latency jitter can bunch arrivals at the vendor closer than the starts were. Since a
   * request has arrived before its response ends, waiting this long after the response guarantees the
   * arrivals are at least this far apart.
   */
  minIdleMs?: number;
  /** How many tasks may run at once; 1 (default) also waits for the previous response before starting. */
  concurrency?: number;
  clock?: Clock;
}

interface Waiter {
  start: () => void;
  cancel: () => void;
}

export class Pacer {
  readonly minGapMs: number;
  readonly minIdleMs: number;
  private readonly concurrency: number;
  private readonly clock: Clock;
  private running = 0;
  private readonly waiters: Waiter[] = [];
  private nextStartAtMs = -Infinity;
  private holdUntilMs = -Infinity;

  constructor(options: PacerOptions) {
    this.minGapMs = options.minGapMs;
    this.minIdleMs = options.minIdleMs ?? 0;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.clock = options.clock ?? systemClock;
  }

  /** Tasks waiting for their turn (not counting the running ones). */
  get queueLength(): number {
    return this.waiters.length;
  }

  /**
   * Holds every queued and future task on this key until `untilMs` (epoch ms), e.g. after a spike-arrest 429,
   * so the whole queue backs off rather than only the request that was refused.
   */
  holdUntil(untilMs: number): void {
    this.holdUntilMs = Math.max(this.holdUntilMs, untilMs);
  }

  /** Runs `task` when its turn comes and the gap has passed. Rejects without running it if `signal` aborts first. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      // Re-read after every sleep: a holdUntil() may arrive while we wait.
      for (;;) {
        const waitMs = Math.max(this.nextStartAtMs, this.holdUntilMs) - this.clock.now();
        if (waitMs <= 0) break;
        await this.clock.sleep(waitMs, signal);
      }
      this.nextStartAtMs = this.clock.now() + this.minGapMs;
      try {
        return await task();
      } finally {
        this.nextStartAtMs = Math.max(this.nextStartAtMs, this.clock.now() + this.minIdleMs);
      }
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.concurrency && this.waiters.length === 0) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => waiter.cancel();
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        cancel: () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal?.reason);
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next.start(); // the slot passes straight to the next waiter
    else this.running--;
  }
}

/** Hands out one Pacer per key so all clients using that key share its spacing. */
export class PacerRegistry {
  private readonly pacers = new Map<string, Pacer>();

  /** The pacer for `key`, created with `options` on first use (later options are ignored). */
  getPacer(key: string, options: PacerOptions): Pacer {
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = new Pacer(options);
      this.pacers.set(key, pacer);
    }
    return pacer;
  }
}

/** Process-wide registry: the default for clients that are not handed a pacer explicitly. */
export const processPacers = new PacerRegistry();
