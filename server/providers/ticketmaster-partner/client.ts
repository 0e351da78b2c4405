/**
 * HTTP client for Ticketmaster's partner APIs: Inventory Status (batches of ≤1000 ids, UK/IE on
 * `region=UK`) and Top Picks (1200 calls/min, tracked from its `Ratelimit-*` headers). Only usable with
 * partner keys; a plain Discovery key gets 401 (providers.md 2.1, 2.2, 5 #11).
 */
import {
  CallExecutor,
  CircuitBreaker,
  InMemoryQuotaGate,
  labelApiKey,
  parseJsonBody,
  processPacers,
  systemClock,
  type BackoffPolicy,
  type CallOutcome,
  type Clock,
  type PacerRegistry,
  type TextResponse,
} from "../http";
import { ProviderError, type CallObserver, type CallRecord } from "../types";
import { availabilityEntry, availabilityResponse, topPicksResponse, type AvailabilityEntry, type TopPicksResponse } from "./schemas";

export const ticketmasterPartnerDefaultBaseUrl = "https://app.ticketmaster.com";
/** "Up to 1000 universal event ids per call" (providers.md 2.1 [TM-INV-2018]). */
export const inventoryStatusMaxIds = 1000;
/** "default quota of 1200 API calls per min" (providers.md 2.2 [TM-TOPPICKS-LIVE]). */
export const topPicksQuotaPerMinute = 1200;
export const topPicksQuotaWindowMs = 60_000;
/** 1200/min spread evenly is one call per 50 ms (providers.md 2.2 [TM-TOPPICKS-LIVE]). */
export const topPicksMinGapMs = 50;
/** Inventory Status publishes no rate limit (providers.md 2.1, UNVERIFIED); Discovery's 5/s pace is assumed. */
export const inventoryStatusMinGapMs = 250;
/** "backend restricted to return only 100 elements" (providers.md 2.2 [TM-TOPPICKS-LIVE]). */
export const topPicksMaxLimit = 100;

export interface TicketmasterPartnerClientOptions {
  /** Partner key granted for Inventory Status; without it `fetchAvailability` is unavailable. */
  inventoryStatusKey?: string | null;
  /** Partner key granted for Top Picks; without it `fetchTopPicks` is unavailable. */
  topPicksKey?: string | null;
  baseUrl?: string;
  observer?: CallObserver;
  clock?: Clock;
  random?: () => number;
  pacers?: PacerRegistry;
  breaker?: CircuitBreaker;
  backoff?: Partial<BackoffPolicy>;
  timeoutMs?: number;
  /** Override the Top Picks quota the client plans with before it has seen headers. */
  topPicksQuota?: number;
  inventoryMinGapMs?: number;
  topPicksMinGapMs?: number;
  /** Ids per Inventory Status call, at most 1000; lower it if a gateway refuses the long query string. */
  inventoryIdsPerCall?: number;
}

export interface TopPicksRequest {
  quantity?: number;
  sections?: string[];
  /** Inclusive price range in major units, sent as `prices=min,max`. */
  prices?: { min: number; max: number };
  limit?: number;
  page?: number;
}

function readTopPicksRateLimit(headers: Headers): CallRecord["rateLimit"] {
  const number = (name: string) => {
    const raw = headers.get(name);
    return raw === null || raw.trim() === "" || Number.isNaN(Number(raw)) ? null : Number(raw);
  };
  const allowed = number("ratelimit-quota-allowed");
  const available = number("ratelimit-quota-available");
  const expiry = number("ratelimit-expiry");
  if (allowed === null && available === null && expiry === null) return null;
  // Ratelimit-Expiry is epoch ms, UTC (providers.md 2.2 [TM-TOPPICKS-LIVE]).
  return { limit: allowed, available, over: null, resetAt: expiry === null ? null : new Date(expiry) };
}

export class TicketmasterPartnerClient {
  readonly hasInventoryStatus: boolean;
  readonly hasTopPicks: boolean;
  /** Top Picks budget per key, kept in step with the vendor's headers; also readable by admins. */
  readonly topPicksGate: InMemoryQuotaGate;
  private readonly options: TicketmasterPartnerClientOptions;
  private readonly clock: Clock;
  private readonly inventory: CallExecutor | null;
  private readonly topPicks: CallExecutor | null;

  constructor(options: TicketmasterPartnerClientOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    const breaker = options.breaker ?? new CircuitBreaker({ clock: this.clock });
    const pacers = options.pacers ?? processPacers;
    const secrets = [options.inventoryStatusKey, options.topPicksKey].filter((key): key is string => Boolean(key));
    this.topPicksGate = new InMemoryQuotaGate({ limit: options.topPicksQuota ?? topPicksQuotaPerMinute, windowMs: topPicksQuotaWindowMs, clock: this.clock });
    const common = { provider: "ticketmaster-partner" as const, breaker, clock: this.clock, random: options.random, backoff: options.backoff, timeoutMs: options.timeoutMs, secrets };
    this.inventory = options.inventoryStatusKey
      ? (() => {
          const keyLabel = labelApiKey("tmp-inv", options.inventoryStatusKey);
          return new CallExecutor({ ...common, keyLabel, observer: options.observer, pacer: pacers.getPacer(keyLabel, { minGapMs: options.inventoryMinGapMs ?? inventoryStatusMinGapMs, clock: this.clock }) });
        })()
      : null;
    const gate = this.topPicksGate;
    const userObserver = options.observer;
    this.topPicks = options.topPicksKey
      ? (() => {
          const keyLabel = labelApiKey("tmp-picks", options.topPicksKey);
          return new CallExecutor({
            ...common,
            keyLabel,
            gate,
            // The gate learns the vendor's figures from every call; the caller's observer still sees them all.
            observer: { onCall: async (record) => { gate.onCall(record); await userObserver?.onCall(record); } },
            readRateLimit: readTopPicksRateLimit,
            pacer: pacers.getPacer(keyLabel, { minGapMs: options.topPicksMinGapMs ?? topPicksMinGapMs, clock: this.clock }),
          });
        })()
      : null;
    this.hasInventoryStatus = this.inventory !== null;
    this.hasTopPicks = this.topPicks !== null;
  }

  /** The Top Picks key's label in `topPicksGate`, or null without a Top Picks key. */
  get topPicksKeyLabel(): string | null {
    return this.options.topPicksKey ? labelApiKey("tmp-picks", this.options.topPicksKey) : null;
  }

  /**
   * Availability for any number of ids, in calls of ≤1000. `region: "UK"` is required for UK/IE events;
   * the other region answers UNKNOWN for them.
   */
  async fetchAvailability(ids: string[], options: { region?: "UK"; signal?: AbortSignal } = {}): Promise<Map<string, AvailabilityEntry>> {
    const executor = this.inventory;
    if (!executor) throw new ProviderError("ticketmaster-partner", "invalid-key", "no Inventory Status key configured");
    const unique = [...new Set(ids)];
    const perCall = Math.max(1, Math.min(this.options.inventoryIdsPerCall ?? inventoryStatusMaxIds, inventoryStatusMaxIds));
    const result = new Map<string, AvailabilityEntry>();
    for (let start = 0; start < unique.length; start += perCall) {
      const url = this.buildUrl("/inventory-status/v1/availability", this.options.inventoryStatusKey!, {
        events: unique.slice(start, start + perCall).join(","),
        region: options.region,
      });
      const entries = await executor.execute(url, (response) => this.interpret(response, parseAvailability), { signal: options.signal });
      for (const entry of entries) result.set(entry.eventId, entry);
    }
    return result;
  }

  /** One page of Top Picks; null when Top Picks does not know the event (404). */
  async fetchTopPicks(eventId: string, request: TopPicksRequest = {}, options: { signal?: AbortSignal } = {}): Promise<TopPicksResponse | null> {
    const executor = this.topPicks;
    if (!executor) throw new ProviderError("ticketmaster-partner", "invalid-key", "no Top Picks key configured");
    const url = this.buildUrl(`/top-picks/v1/events/${encodeURIComponent(eventId)}`, this.options.topPicksKey!, {
      quantity: request.quantity,
      sections: request.sections?.join(","),
      prices: request.prices ? `${request.prices.min},${request.prices.max}` : undefined,
      limit: request.limit === undefined ? undefined : Math.min(request.limit, topPicksMaxLimit),
      page: request.page,
    });
    try {
      return await executor.execute(url, (response) => this.interpret(response, (value) => topPicksResponse.parse(value)), { signal: options.signal });
    } catch (error) {
      if (error instanceof ProviderError && error.kind === "not-found") return null;
      throw error;
    }
  }

  private buildUrl(path: string, key: string, query: Record<string, string | number | undefined>): string {
    const url = new URL(`${(this.options.baseUrl ?? ticketmasterPartnerDefaultBaseUrl).replace(/\/$/, "")}${path}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== "") url.searchParams.set(name, String(value));
    url.searchParams.set("apikey", key);
    return url.toString();
  }

  private interpret<T>(response: TextResponse, parse: (value: unknown) => T): CallOutcome<T> {
    const { status } = response;
    const fail = (kind: ProviderError["kind"], message: string, extra: { retryAt?: Date | null } = {}) =>
      new ProviderError("ticketmaster-partner", kind, message, { status, retryAt: extra.retryAt ?? null });
    if (status === 401 || status === 403) {
      return { ok: false, error: fail("invalid-key", "Ticketmaster refused the partner key (a plain Discovery key gets 401)") };
    }
    if (status === 429) {
      const expiry = readTopPicksRateLimit(response.headers)?.resetAt ?? null;
      return { ok: false, error: fail("quota-exhausted", "Top Picks quota used up for this minute", { retryAt: expiry }) };
    }
    if (status === 404) return { ok: false, error: fail("not-found", "event not known to the partner API") };
    if (status >= 500) return { ok: false, error: fail("unavailable", `partner API server error ${status}`), retry: {} };
    if (status >= 400) return { ok: false, error: fail("bad-request", `partner API refused the request (HTTP ${status})`) };
    const body = parseJsonBody(response.text, response.contentType);
    if (!body.ok) return { ok: false, error: fail("bad-response", `partner API body was ${body.reason}`), retry: {} };
    try {
      return { ok: true, value: parse(body.value) };
    } catch {
      return { ok: false, error: fail("bad-response", "partner API response did not match the expected shape") };
    }
  }

  /** Sleep on the client's clock (used to wait out a short Top Picks quota window). */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.clock.sleep(ms, signal);
  }

  now(): number {
    return this.clock.now();
  }
}

function parseAvailability(value: unknown): AvailabilityEntry[] {
  const items = availabilityResponse.parse(value);
  // One odd entry must not hide the others; unparseable entries are dropped (their ids read as unknown).
  return items.flatMap((item) => {
    const parsed = availabilityEntry.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
