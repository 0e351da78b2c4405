/**
 * Raw Ticketmaster Discovery HTTP client: builds URLs with the `apikey` query parameter (the only auth
 * Discovery has — providers.md 1.1 [TM-DOC-V2]) and sends every call through the shared CallExecutor, so the
 * quota gate, the per-key pacer, the circuit breaker and retries apply to all of them. It returns parsed JSON;
 * vendor schemas and the mapping to our Event live in schemas.ts and transform.ts.
 */
import { CallExecutor } from "../http/call-executor";
import { CircuitBreaker } from "../http/circuit-breaker";
import { systemClock, type Clock } from "../http/clock";
import { InMemoryQuotaGate } from "../http/in-memory-quota-gate";
import { labelApiKey } from "../http/key-label";
import { Pacer, processPacers, type PacerOptions } from "../http/pacer";
import type { QuotaGate } from "../http/quota-gate";
import { describeEndpoint } from "../http/redact";
import type { BackoffPolicy } from "../http/retry";
import type { CallObserver } from "../types";
import { interpretDiscoveryResponse, readRateLimit, type InterpretPolicy } from "./responses";

export const DEFAULT_TICKETMASTER_BASE_URL = "https://app.ticketmaster.com";

/** Space requests ≥ 250 ms apart per key (SpikeArrest 5 ps, burst 1) — providers.md 6 and 1.10 [APIGEE-SA, SPIKE-OBS]. */
export const TICKETMASTER_MIN_GAP_MS = 250;
/**
 * Also wait this long after each response: SpikeArrest allows one request per 200 ms at the gateway
 * (providers.md 1.10 [APIGEE-SA]), and only an end-to-start gap keeps arrivals that far apart under jitter.
 */
export const TICKETMASTER_MIN_IDLE_MS = 200;
/** Spike-arrest 429: "back off (e.g. 1–2 s), then retry" — providers.md 6. */
const SPIKE_BACKOFF_MS = 1500;
/** An unexplained 429 counts as quota exhaustion with this few calls left (our margin, after providers.md 6). */
const NEARLY_SPENT_CALLS = 25;
/** A 200-event page took up to 0.95 s (providers.md 1.10 [PROBE-2026 §12]); allow generous headroom. */
const DEFAULT_TIMEOUT_MS = 20_000;

/** Pacer settings for one Ticketmaster key. */
export function describeTicketmasterPacing(clock?: Clock): PacerOptions {
  return { minGapMs: TICKETMASTER_MIN_GAP_MS, minIdleMs: TICKETMASTER_MIN_IDLE_MS, clock };
}

/** A standalone pacer with Ticketmaster's spacing (tests, or a registry of your own). */
export function createTicketmasterPacer(clock?: Clock): Pacer {
  return new Pacer(describeTicketmasterPacing(clock));
}

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export interface TicketmasterClientOptions {
  apiKey: string;
  /** `TICKETMASTER_BASE_URL`; default https://app.ticketmaster.com. */
  baseUrl?: string;
  /** Shared budget; default: a fresh InMemoryQuotaGate. A gate that has `onCall` also receives every CallRecord. */
  gate?: QuotaGate;
  /** Also receives one CallRecord per HTTP call (e.g. the ledger), after the gate. */
  observer?: CallObserver;
  /** Default: the process-wide pacer for this key (`processPacers`): 250 ms start gap, 200 ms after each response. */
  pacer?: Pacer;
  /** Default: a new breaker (5 consecutive failures, 60 s cool-down). Pass one to share or observe it. */
  breaker?: CircuitBreaker;
  clock?: Clock;
  random?: () => number;
  backoff?: Partial<BackoffPolicy>;
  timeoutMs?: number;
  spikeBackoffMs?: number;
  nearlySpentCalls?: number;
  onObserverError?(error: unknown): void;
}

function hasOnCall(value: unknown): value is CallObserver {
  return typeof (value as { onCall?: unknown } | null)?.onCall === "function";
}

/** The gate (when it observes) and the extra observer, each told of every call, in that order. */
function combineObservers(gate: QuotaGate, observer: CallObserver | undefined): CallObserver | undefined {
  const observers = [hasOnCall(gate) ? gate : null, observer && (observer as unknown) !== gate ? observer : null].filter(
    (o): o is CallObserver => o !== null,
  );
  if (observers.length === 0) return undefined;
  return {
    async onCall(record) {
      const failures: unknown[] = [];
      for (const o of observers) {
        try {
          await o.onCall(record);
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) throw failures.length === 1 ? failures[0] : new AggregateError(failures, "call observers failed");
    },
  };
}

export class TicketmasterClient {
  /** Non-secret label of the key, e.g. `tm:1a2b3c4d`. */
  readonly keyLabel: string;
  readonly breaker: CircuitBreaker;
  readonly gate: QuotaGate;
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly executor: CallExecutor;
  private readonly policy: InterpretPolicy;

  constructor(options: TicketmasterClientOptions) {
    if (!options.apiKey) throw new Error("TicketmasterClient needs an API key (TICKETMASTER_API_KEY)");
    const clock = options.clock ?? systemClock;
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? DEFAULT_TICKETMASTER_BASE_URL).replace(/\/+$/, "");
    this.keyLabel = labelApiKey("tm", options.apiKey);
    this.gate = options.gate ?? new InMemoryQuotaGate({ clock });
    this.breaker = options.breaker ?? new CircuitBreaker({ clock });
    this.policy = {
      spikeBackoffMs: options.spikeBackoffMs ?? SPIKE_BACKOFF_MS,
      nearlySpentCalls: options.nearlySpentCalls ?? NEARLY_SPENT_CALLS,
    };
    this.executor = new CallExecutor({
      provider: "ticketmaster",
      keyLabel: this.keyLabel,
      pacer:
        options.pacer ??
        processPacers.getPacer(`ticketmaster:${this.keyLabel}`, describeTicketmasterPacing(clock)),
      breaker: this.breaker,
      gate: this.gate,
      observer: combineObservers(this.gate, options.observer),
      clock,
      random: options.random,
      backoff: options.backoff,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets: [options.apiKey],
      headers: { accept: "application/json" },
      readRateLimit,
      // 4xx count against the quota (providers.md 1.10 [PROBE-2026 §10]); a timed-out request may have been
      // served, so count it too; a refused connection never reached the gateway.
      isCounted: (status, transportError) => status !== null || transportError === "timeout",
      onObserverError: options.onObserverError,
    });
  }

  /** Full URL including the key — never log it; use `describeUrl` for anything shown or stored. */
  buildUrl(path: string, params: QueryParams = {}): string {
    // Concatenate rather than resolve, so a base URL with a path prefix keeps it.
    const url = new URL(`${this.baseUrl}${path.startsWith("/") ? "" : "/"}${path}`);
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined || value === null) continue;
      url.searchParams.set(name, Array.isArray(value) ? value.join(",") : String(value));
    }
    url.searchParams.set("apikey", this.apiKey);
    return url.toString();
  }

  /** Path and query without the key. */
  describeUrl(path: string, params: QueryParams = {}): string {
    return describeEndpoint(this.buildUrl(path, params));
  }

  /** GETs a Discovery path (e.g. `/discovery/v2/events.json`) and returns the parsed JSON body; throws ProviderError. */
  async getJson(path: string, params: QueryParams = {}, options: { signal?: AbortSignal } = {}): Promise<unknown> {
    const url = this.buildUrl(path, params);
    const endpoint = describeEndpoint(url);
    return this.executor.execute(url, (response, context) => interpretDiscoveryResponse(response, context, this.policy, endpoint), options);
  }
}
