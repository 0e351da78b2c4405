/**
 * The one path every provider HTTP call takes: quota gate → pacer slot → circuit breaker → GET with timeout →
 * vendor-specific interpretation → call record to the observer → breaker bookkeeping → bounded retry.
 * Provider clients supply only `interpret` (what a response means for that vendor) and a few hooks.
 */
import { ProviderError, type CallObserver, type CallRecord, type ProviderId } from "../types";
import type { CircuitBreaker } from "./circuit-breaker";
import { systemClock, type Clock } from "./clock";
import type { Pacer } from "./pacer";
import type { QuotaBudget, QuotaGate } from "./quota-gate";
import { describeEndpoint, redactSecrets } from "./redact";
import { runWithRetry, type BackoffPolicy } from "./retry";
import { fetchText, TransportError, type TextResponse, type TransportErrorKind } from "./transport";

export type CallOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: ProviderError;
      /** Present when the request is worth retrying; `minDelayMs` floors the jittered delay. */
      retry?: { minDelayMs?: number };
      /** Hold every request on this key for this long (e.g. after a spike-arrest 429). */
      holdKeyMs?: number;
      /** Override the breaker's view; by default only status >= 500 counts as an upstream failure. */
      isUpstreamFailure?: boolean;
    };

export interface InterpretContext {
  /** The quota gate's budget for this key, if the gate exposes one. */
  readBudget(): Promise<QuotaBudget | null>;
}

export type Interpret<T> = (response: TextResponse, context: InterpretContext) => CallOutcome<T> | Promise<CallOutcome<T>>;

export interface CallExecutorOptions {
  provider: ProviderId;
  /** Non-secret key label (see labelApiKey); names the pacer, the gate's budget and the ledger rows. */
  keyLabel: string;
  pacer: Pacer;
  breaker: CircuitBreaker;
  gate?: QuotaGate;
  observer?: CallObserver;
  clock?: Clock;
  random?: () => number;
  backoff?: Partial<BackoffPolicy>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Secret values (API keys) to scrub from every message. */
  secrets?: readonly string[];
  headers?: Record<string, string>;
  /** Vendor rate-limit headers → CallRecord.rateLimit. */
  readRateLimit?(headers: Headers): CallRecord["rateLimit"];
  /** Whether a call costs vendor quota; default: whenever a response came back. */
  isCounted?(status: number | null, transportError: TransportErrorKind | null): boolean;
  /** The observer threw; the call itself still stands. */
  onObserverError?(error: unknown): void;
}

const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

/** Carries a ProviderError through the retry loop together with the retry advice. */
class AttemptFailure extends Error {
  constructor(
    readonly providerError: ProviderError,
    readonly retry: { minDelayMs?: number } | null,
  ) {
    super(providerError.message);
  }
}

export class CallExecutor {
  readonly provider: ProviderId;
  readonly keyLabel: string;
  readonly breaker: CircuitBreaker;
  private readonly options: CallExecutorOptions;
  private readonly clock: Clock;
  private readonly backoff: BackoffPolicy;

  constructor(options: CallExecutorOptions) {
    this.options = options;
    this.provider = options.provider;
    this.keyLabel = options.keyLabel;
    this.breaker = options.breaker;
    this.clock = options.clock ?? systemClock;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  /** GETs `url` (which may carry the key) and returns what `interpret` makes of it; throws ProviderError. */
  async execute<T>(url: string, interpret: Interpret<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    try {
      return await runWithRetry((attempt) => this.attemptOnce(url, interpret, attempt, options.signal), {
        ...this.backoff,
        clock: this.clock,
        random: this.options.random,
        signal: options.signal,
        decide: (error) =>
          error instanceof AttemptFailure && error.retry ? { retry: true, minDelayMs: error.retry.minDelayMs } : { retry: false },
      });
    } catch (error) {
      if (error instanceof AttemptFailure) throw error.providerError;
      throw error;
    }
  }

  private async attemptOnce<T>(url: string, interpret: Interpret<T>, attempt: number, signal?: AbortSignal): Promise<T> {
    // Cheap refusals before queueing, so a blocked key does not wait for pacer slots.
    await this.checkGate();
    this.checkBreakerOpen();
    return this.options.pacer.run(async () => {
      await this.checkGate();
      const permit = this.breaker.requestPermit();
      if (!permit.ok) throw this.circuitOpen(permit.retryAt);
      return this.callOnce(url, interpret, attempt, signal);
    }, signal);
  }

  private async callOnce<T>(url: string, interpret: Interpret<T>, attempt: number, signal?: AbortSignal): Promise<T> {
    const { secrets = [] } = this.options;
    const endpoint = describeEndpoint(url);
    const startedMs = this.clock.now();
    let response: TextResponse;
    try {
      response = await fetchText(url, {
        timeoutMs: this.options.timeoutMs ?? 15_000,
        signal,
        headers: this.options.headers,
        clock: this.clock,
        secrets,
      });
    } catch (error) {
      if (!(error instanceof TransportError) || error.kind === "aborted") {
        this.breaker.recordNeutral();
        throw signal?.aborted ? signal.reason : error;
      }
      this.breaker.recordFailure();
      const providerError = new ProviderError(
        this.provider,
        "unavailable",
        `${this.provider} ${endpoint}: ${error.message} (attempt ${attempt})`,
      );
      await this.report({
        endpoint,
        status: null,
        latencyMs: Math.max(0, this.clock.now() - startedMs),
        startedAt: new Date(startedMs),
        rateLimit: null,
        isCounted: this.options.isCounted?.(null, error.kind) ?? false,
        errorKind: "unavailable",
      });
      throw new AttemptFailure(providerError, {});
    }

    const outcome = await interpret(response, { readBudget: () => this.readBudget() });
    await this.report({
      endpoint,
      status: response.status,
      latencyMs: response.latencyMs,
      startedAt: response.startedAt,
      rateLimit: this.options.readRateLimit?.(response.headers) ?? null,
      isCounted: this.options.isCounted?.(response.status, null) ?? true,
      errorKind: outcome.ok ? null : outcome.error.kind,
    });

    const isFailure = outcome.ok ? false : (outcome.isUpstreamFailure ?? response.status >= 500);
    if (isFailure) this.breaker.recordFailure();
    else this.breaker.recordSuccess();

    if (outcome.ok) return outcome.value;
    if (outcome.holdKeyMs) this.options.pacer.holdUntil(this.clock.now() + outcome.holdKeyMs);
    let providerError = this.scrub(outcome.error);
    if (providerError.kind === "quota-exhausted" && providerError.retryAt === null) {
      providerError = await this.withGateRetryAt(providerError);
    }
    throw new AttemptFailure(providerError, outcome.retry ?? null);
  }

  private async report(partial: Omit<CallRecord, "provider" | "keyLabel">): Promise<void> {
    const observer = this.options.observer;
    if (!observer) return;
    try {
      await observer.onCall({ provider: this.provider, keyLabel: this.keyLabel, ...partial });
    } catch (error) {
      this.options.onObserverError?.(error);
    }
  }

  private async checkGate(): Promise<void> {
    const gate = this.options.gate;
    if (!gate) return;
    const decision = await gate.canCall(this.keyLabel);
    if (decision.ok) return;
    throw new AttemptFailure(
      new ProviderError(
        this.provider,
        "quota-exhausted",
        `${this.provider} calls paused for key ${this.keyLabel} until ${decision.retryAt.toISOString()}: ${decision.reason}`,
        { retryAt: decision.retryAt },
      ),
      null,
    );
  }

  private checkBreakerOpen(): void {
    const snapshot = this.breaker.getSnapshot();
    if (snapshot.state === "open") throw this.circuitOpen(snapshot.retryAt ?? new Date(this.clock.now()));
  }

  private circuitOpen(retryAt: Date): AttemptFailure {
    const message = `${this.provider} circuit is open after repeated upstream failures; next trial at ${retryAt.toISOString()}`;
    return new AttemptFailure(new ProviderError(this.provider, "circuit-open", message, { retryAt }), null);
  }

  private async readBudget(): Promise<QuotaBudget | null> {
    return (await this.options.gate?.readBudget?.(this.keyLabel)) ?? null;
  }

  /** Re-issues a quota error with the gate's idea of when calls may resume. */
  private async withGateRetryAt(error: ProviderError): Promise<ProviderError> {
    const decision = await this.options.gate?.canCall(this.keyLabel);
    const retryAt = decision && !decision.ok ? decision.retryAt : null;
    return new ProviderError(error.provider, error.kind, error.message, { status: error.status, retryAt, cause: error.cause });
  }

  private scrub(error: ProviderError): ProviderError {
    const message = redactSecrets(error.message, this.options.secrets);
    if (message === error.message) return error;
    return new ProviderError(error.provider, error.kind, message, { status: error.status, retryAt: error.retryAt });
  }
}
