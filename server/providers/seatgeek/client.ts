/**
 * SeatGeek Platform API `/2` over HTTP: client-id auth (query or Basic), a conservative self-imposed pace,
 * paging inside SeatGeek's limits, and SeatGeek's ways of saying no — 403 for a bad client, 406 and HTML
 * CAPTCHA pages when it suspects abuse, 404 for events that are gone (providers.md §3, §6).
 */
import {
  CallExecutor,
  CircuitBreaker,
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
import { ProviderError, type CallObserver } from "../types";
import {
  sgErrorBody,
  sgEvent,
  sgEventsEnvelope,
  sgPerformer,
  sgPerformersEnvelope,
  sgVenue,
  sgVenuesEnvelope,
  type SgEvent,
  type SgMeta,
  type SgPerformer,
  type SgVenue,
} from "./schemas";

export const seatGeekDefaultBaseUrl = "https://api.seatgeek.com/2";
/** No published limit, so at most 1 request/s per client id (providers.md 6 "SeatGeek", 3.4 [SG-#161]). */
export const seatGeekMinGapMs = 1000;
/** "You can set a per_page value of anything up to 1000" (providers.md 3.2 [SG-#29]). */
export const seatGeekPerPageLimit = 1000;
/** Pages past about 10,000 results come back empty with total 0 (providers.md 3.2 [SG-#63]). */
export const seatGeekMaxOffset = 10_000;
/** A 406 means "suspected abuse" (providers.md 3.4 [SG-#161]); no duration is published, so stay away long. */
export const seatGeekBlockedBackoffMs = 30 * 60_000;
/** Without a Retry-After, wait this long after a 429 (SeatGeek documents none, providers.md 3.4). */
const rateLimitedDelayMs = 5_000;

export interface SeatGeekClientOptions {
  clientId: string;
  clientSecret?: string;
  baseUrl?: string;
  /** `query` appends `client_id` (and `client_secret`); `basic` sends HTTP Basic (providers.md 3.1). */
  auth?: "query" | "basic";
  minGapMs?: number;
  perPageLimit?: number;
  maxOffset?: number;
  blockedBackoffMs?: number;
  observer?: CallObserver;
  clock?: Clock;
  random?: () => number;
  pacers?: PacerRegistry;
  breaker?: CircuitBreaker;
  backoff?: Partial<BackoffPolicy>;
  timeoutMs?: number;
}

export type SeatGeekQuery = Record<string, string | number | boolean | (string | number)[] | undefined | null>;

export interface SeatGeekPage<T> {
  meta: SgMeta;
  items: T[];
  /** Records that failed validation and were dropped. */
  skipped: number;
}

const captchaPattern = /captcha|px-captcha|access to this page has been denied/i;

function isJsonContentType(contentType: string | null): boolean {
  return contentType === null || /json/i.test(contentType);
}

export class SeatGeekClient {
  readonly keyLabel: string;
  readonly perPageLimit: number;
  readonly maxOffset: number;
  private readonly options: SeatGeekClientOptions;
  private readonly executor: CallExecutor;
  private readonly clock: Clock;
  private blockedUntilMs: number | null = null;

  constructor(options: SeatGeekClientOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.keyLabel = labelApiKey("sg", options.clientId);
    this.perPageLimit = Math.min(options.perPageLimit ?? seatGeekPerPageLimit, seatGeekPerPageLimit * 5);
    this.maxOffset = options.maxOffset ?? seatGeekMaxOffset;
    const secrets = [options.clientId, ...(options.clientSecret ? [options.clientSecret] : [])];
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret ?? ""}`).toString("base64");
    this.executor = new CallExecutor({
      provider: "seatgeek",
      keyLabel: this.keyLabel,
      pacer: (options.pacers ?? processPacers).getPacer(this.keyLabel, { minGapMs: options.minGapMs ?? seatGeekMinGapMs, clock: this.clock }),
      breaker: options.breaker ?? new CircuitBreaker({ clock: this.clock }),
      observer: options.observer,
      clock: this.clock,
      random: options.random,
      backoff: options.backoff,
      timeoutMs: options.timeoutMs,
      secrets,
      headers: options.auth === "basic" ? { Authorization: `Basic ${basic}`, Accept: "application/json" } : { Accept: "application/json" },
    });
  }

  /** When SeatGeek last blocked us (406 or CAPTCHA), calls are refused locally until this instant. */
  get blockedUntil(): Date | null {
    return this.blockedUntilMs !== null && this.blockedUntilMs > this.clock.now() ? new Date(this.blockedUntilMs) : null;
  }

  listEvents(query: SeatGeekQuery, options: { signal?: AbortSignal } = {}): Promise<SeatGeekPage<SgEvent>> {
    return this.list("/events", query, (value) => {
      const envelope = sgEventsEnvelope.parse(value);
      return { meta: envelope.meta, ...parseItems(envelope.events, (item) => sgEvent.safeParse(item)) };
    }, options.signal);
  }

  listPerformers(query: SeatGeekQuery, options: { signal?: AbortSignal } = {}): Promise<SeatGeekPage<SgPerformer>> {
    return this.list("/performers", query, (value) => {
      const envelope = sgPerformersEnvelope.parse(value);
      return { meta: envelope.meta, ...parseItems(envelope.performers, (item) => sgPerformer.safeParse(item)) };
    }, options.signal);
  }

  listVenues(query: SeatGeekQuery, options: { signal?: AbortSignal } = {}): Promise<SeatGeekPage<SgVenue>> {
    return this.list("/venues", query, (value) => {
      const envelope = sgVenuesEnvelope.parse(value);
      return { meta: envelope.meta, ...parseItems(envelope.venues, (item) => sgVenue.safeParse(item)) };
    }, options.signal);
  }

  /** One event; null when SeatGeek answers 404 — gone, probably cancelled (providers.md 3.3 [SG-#52, SG-#103]). */
  async getEvent(id: string | number, options: { signal?: AbortSignal } = {}): Promise<SgEvent | null> {
    try {
      return await this.call(`/events/${encodeURIComponent(String(id))}`, {}, (value) => sgEvent.parse(value), options.signal);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === "not-found") return null;
      throw error;
    }
  }

  private list<T>(path: string, query: SeatGeekQuery, parse: (value: unknown) => SeatGeekPage<T>, signal?: AbortSignal): Promise<SeatGeekPage<T>> {
    const perPage = Number(query.per_page ?? 10);
    const page = Number(query.page ?? 1);
    if (perPage > this.perPageLimit) {
      return Promise.reject(new ProviderError("seatgeek", "bad-request", `per_page ${perPage} exceeds SeatGeek's limit of ${this.perPageLimit}`));
    }
    if ((page - 1) * perPage >= this.maxOffset) {
      return Promise.reject(new ProviderError("seatgeek", "bad-request", `page ${page} at per_page ${perPage} is past SeatGeek's ${this.maxOffset}-result paging depth`));
    }
    return this.call(path, query, parse, signal);
  }

  private async call<T>(path: string, query: SeatGeekQuery, parse: (value: unknown) => T, signal?: AbortSignal): Promise<T> {
    const blockedUntil = this.blockedUntil;
    if (blockedUntil) {
      throw new ProviderError("seatgeek", "blocked", `SeatGeek blocked this client; calls paused until ${blockedUntil.toISOString()}`, { retryAt: blockedUntil });
    }
    return this.executor.execute(this.buildUrl(path, query), (response) => this.interpret(response, parse), { signal });
  }

  private buildUrl(path: string, query: SeatGeekQuery): string {
    const url = new URL(`${(this.options.baseUrl ?? seatGeekDefaultBaseUrl).replace(/\/$/, "")}${path}`);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      // Repeated parameters mean "any of" on SeatGeek (providers.md 3.2 [SG-SGAPI]).
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
    }
    if (this.options.auth !== "basic") {
      url.searchParams.set("client_id", this.options.clientId);
      if (this.options.clientSecret) url.searchParams.set("client_secret", this.options.clientSecret);
    }
    return url.toString();
  }

  private block(reason: string, status: number): CallOutcome<never> {
    const retryAt = new Date(this.clock.now() + (this.options.blockedBackoffMs ?? seatGeekBlockedBackoffMs));
    this.blockedUntilMs = retryAt.getTime();
    return { ok: false, error: new ProviderError("seatgeek", "blocked", `SeatGeek ${reason} (HTTP ${status}); pausing until ${retryAt.toISOString()}`, { status, retryAt }), isUpstreamFailure: false };
  }

  private interpret<T>(response: TextResponse, parse: (value: unknown) => T): CallOutcome<T> {
    const { status, text, contentType } = response;
    const isCaptcha = !isJsonContentType(contentType) || text.trimStart().startsWith("<") ? captchaPattern.test(text) : false;
    if (isCaptcha) return this.block("answered with a CAPTCHA page", status);
    if (status === 406) return this.block("refused the request as suspected abuse", status);
    if (status === 403) {
      const message = readErrorMessage(text) ?? "client id missing or invalid";
      return { ok: false, error: new ProviderError("seatgeek", "invalid-key", `SeatGeek rejected the client: ${message}`, { status }) };
    }
    if (status === 404) return { ok: false, error: new ProviderError("seatgeek", "not-found", "SeatGeek resource not found", { status }) };
    if (status === 429) {
      const retryAfterMs = Number(response.headers.get("retry-after")) * 1000 || rateLimitedDelayMs;
      return { ok: false, error: new ProviderError("seatgeek", "rate-limited", "SeatGeek rate limit", { status, retryAt: new Date(this.clock.now() + retryAfterMs) }), retry: { minDelayMs: retryAfterMs }, holdKeyMs: retryAfterMs };
    }
    if (status >= 500) return { ok: false, error: new ProviderError("seatgeek", "unavailable", `SeatGeek server error ${status}`, { status }), retry: {} };
    if (status >= 400) {
      const message = readErrorMessage(text) ?? `HTTP ${status}`;
      return { ok: false, error: new ProviderError("seatgeek", "bad-request", `SeatGeek refused the query: ${message}`, { status }) };
    }
    if (!isJsonContentType(contentType)) {
      return { ok: false, error: new ProviderError("seatgeek", "bad-response", `SeatGeek answered ${contentType} instead of JSON`, { status }), retry: {} };
    }
    const body = parseJsonBody(text, contentType);
    if (!body.ok) {
      // Truncated or empty bodies are usually transient; one more try is cheap.
      return { ok: false, error: new ProviderError("seatgeek", "bad-response", `SeatGeek body was ${body.reason}`, { status }), retry: {} };
    }
    try {
      return { ok: true, value: parse(body.value) };
    } catch (error) {
      return { ok: false, error: new ProviderError("seatgeek", "bad-response", "SeatGeek response did not match the expected shape", { status, cause: error }) };
    }
  }
}

function parseItems<T>(items: unknown[], parseItem: (item: unknown) => { success: true; data: T } | { success: false }): { items: T[]; skipped: number } {
  const parsed: T[] = [];
  let skipped = 0;
  for (const item of items) {
    const result = parseItem(item);
    if (result.success) parsed.push(result.data);
    else skipped += 1;
  }
  return { items: parsed, skipped };
}

function readErrorMessage(text: string): string | null {
  try {
    const parsed = sgErrorBody.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data.message ?? parsed.data.errors?.[0]?.message ?? null) : null;
  } catch {
    return null;
  }
}
