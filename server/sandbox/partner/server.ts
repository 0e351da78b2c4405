/**
 * A faithful stand-in for Ticketmaster's partner APIs that expose availability and seats (providers.md
 * §2.1 Inventory Status, §2.2 Top Picks, §7 "Inventory Status fake"): partner-key auth, the status enums,
 * the 1000-id batch cap, the UK region split, Top Picks paging and its 1200/min quota headers.
 * The world is keyed by Discovery event id and changes over a timeline on a settable clock.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createFakeClock, createFakeState, sendInjectedFailure, sendJson, serveFake, type FakeControls } from "../fake-kit";
import { describeAvailability, maxInventoryStatusIds } from "./inventory-status";
import { createDefaultPartnerWorld } from "./seed";
import { readTopPicksQuery, renderTopPicks } from "./top-picks";
import { resolvePartnerWorldAt, type PartnerEvent, type PartnerWorld } from "./world";

export interface PartnerFakeModes {
  /** "default quota of 1200 API calls per min" (providers.md 2.2 [TM-TOPPICKS-LIVE]). */
  topPicksQuota: number;
  topPicksWindowMs: number;
  /** Primary seats at or below which Inventory Status says FEW_TICKETS_LEFT (threshold undocumented). */
  fewTicketsThreshold: number;
  /** Up to 1000 ids per call (providers.md 2.1 [TM-INV-2018]). */
  maxInventoryIds: number;
  latencyMs: number;
}

export interface PartnerFakeOptions {
  port?: number;
  host?: string;
  /** An accepted partner key; any other key (e.g. a plain Discovery key) gets 401. */
  key?: string;
  keys?: string[];
  /** Defaults to `createDefaultPartnerWorld(clock start)`. */
  world?: PartnerWorld;
  now?: Date | string;
  modes?: Partial<PartnerFakeModes>;
}

export interface TopPicksQuotaState {
  used: number;
  allowed: number;
  expiresAt: Date | null;
}

export interface PartnerFake extends FakeControls<PartnerWorld, PartnerFakeModes> {
  url: string;
  close(): Promise<void>;
  currentWorld(): PartnerEvent[];
  topPicksQuota(key: string): TopPicksQuotaState;
}

/** The key accepted when the caller configures none. */
export const defaultPartnerKey = "sandbox-partner-key";

const defaultModes: PartnerFakeModes = {
  topPicksQuota: 1200,
  topPicksWindowMs: 60_000,
  fewTicketsThreshold: 20,
  maxInventoryIds: maxInventoryStatusIds,
  latencyMs: 0,
};

/** Apigee's invalid-key fault, as Discovery keys get from Inventory Status (providers.md 1.9, 2.1). */
const invalidKeyBody = { fault: { faultstring: "Invalid ApiKey", detail: { errorcode: "oauth.v2.InvalidApiKey" } } };

/** Top Picks over quota reuses the Apigee quota fault (providers.md 2.2 [TM-TOPPICKS-LIVE], body from 1.9). */
function quotaFaultBody(apikey: string) {
  return { fault: { faultstring: `Rate limit quota violation. Quota limit  exceeded. Identifier : ${apikey}`, detail: { errorcode: "policies.ratelimit.QuotaViolation" } } };
}

/** ASSUMPTION: the partner APIs' 400/404 bodies are undocumented; Discovery's error shape is used. */
function errorBody(status: number, code: string, detail: string) {
  return { errors: [{ code, detail, status: String(status), _links: { about: { href: `/errors.html#${code}` } } }] };
}

/** Top Picks covers North America only (providers.md 2.2 [TM-TOPPICKS-LIVE]). */
const topPicksCountries = new Set(["US", "CA", "MX"]);

export async function startPartnerFake(opts: PartnerFakeOptions = {}): Promise<PartnerFake> {
  const clock = createFakeClock(opts.now);
  const configuredKeys = [...(opts.key ? [opts.key] : []), ...(opts.keys ?? [])];
  const acceptedKeys = new Set(configuredKeys.length > 0 ? configuredKeys : [defaultPartnerKey]);
  const quotaWindows = new Map<string, { startMs: number; used: number }>();
  const fake = createFakeState({
    clock,
    world: opts.world ?? createDefaultPartnerWorld(clock.now()),
    modes: { ...defaultModes, ...opts.modes },
    normalizeWorld: (next: PartnerWorld) => ({ events: next.events, timeline: next.timeline ?? [] }),
    onReset: () => quotaWindows.clear(),
  });

  function takeTopPicksQuota(key: string): { isAllowed: boolean; headers: Record<string, string> } {
    const { modes } = fake;
    const nowMs = clock.now().getTime();
    let window = quotaWindows.get(key);
    if (!window || nowMs >= window.startMs + modes.topPicksWindowMs) {
      window = { startMs: nowMs, used: 0 };
      quotaWindows.set(key, window);
    }
    const isAllowed = window.used < modes.topPicksQuota;
    if (isAllowed) window.used += 1;
    return {
      isAllowed,
      headers: {
        "Ratelimit-Quota-Available": String(Math.max(0, modes.topPicksQuota - window.used)),
        "Ratelimit-Quota-Allowed": String(modes.topPicksQuota),
        // Epoch milliseconds, UTC (providers.md 2.2 [TM-TOPPICKS-LIVE]).
        "Ratelimit-Expiry": String(window.startMs + modes.topPicksWindowMs),
      },
    };
  }

  function answerInventoryStatus(res: ServerResponse, params: URLSearchParams): number {
    const ids = (params.get("events") ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean);
    if (ids.length === 0) {
      sendJson(res, 400, errorBody(400, "INV1001", "Query param 'events' is required"));
      return 400;
    }
    const { modes } = fake;
    if (ids.length > modes.maxInventoryIds) {
      sendJson(res, 400, errorBody(400, "INV1002", `Too many events: at most ${modes.maxInventoryIds} ids per request`));
      return 400;
    }
    const events = resolvePartnerWorldAt(fake.world, clock.now());
    const region = params.get("region");
    sendJson(res, 200, ids.map((id) => describeAvailability(id, events.get(id), region, modes.fewTicketsThreshold)));
    return 200;
  }

  function answerTopPicks(res: ServerResponse, eventId: string, params: URLSearchParams, key: string): number {
    const quota = takeTopPicksQuota(key);
    if (!quota.isAllowed) {
      sendJson(res, 429, quotaFaultBody(key), quota.headers);
      return 429;
    }
    const event = resolvePartnerWorldAt(fake.world, clock.now()).get(eventId);
    if (!event || !topPicksCountries.has(event.countryCode.toUpperCase())) {
      sendJson(res, 404, errorBody(404, "TOP1004", `Resource not found with provided criteria (id=${eventId})`), quota.headers);
      return 404;
    }
    sendJson(res, 200, renderTopPicks(event, readTopPicksQuery(params)), quota.headers);
    return 200;
  }

  function respond(req: IncomingMessage, res: ServerResponse, path: string, params: URLSearchParams, key: string | null): number {
    const injection = fake.failures.take(path);
    if (injection) return sendInjectedFailure(res, injection);
    if (!key || !acceptedKeys.has(key)) {
      sendJson(res, 401, invalidKeyBody);
      return 401;
    }
    if (req.method !== "GET") {
      sendJson(res, 405, errorBody(405, "GEN405", "Method not allowed"));
      return 405;
    }
    if (/^\/inventory-status\/v1\/availability\/?$/.test(path)) return answerInventoryStatus(res, params);
    const topPicks = /^\/top-picks(?:-preprod)?\/v1\/events\/([^/]+)\/?$/.exec(path);
    if (topPicks) return answerTopPicks(res, decodeURIComponent(topPicks[1]!), params, key);
    sendJson(res, 404, errorBody(404, "GEN404", `No resource at ${path}`));
    return 404;
  }

  const served = await serveFake(fake, { readCredential: (_req, params) => params.get("apikey"), respond, secretParams: ["apikey"], port: opts.port, host: opts.host });
  return {
    ...served,
    currentWorld: () => [...resolvePartnerWorldAt(fake.world, clock.now()).values()],
    topPicksQuota(key) {
      const { modes } = fake;
      const window = quotaWindows.get(key);
      const isLive = window !== undefined && clock.now().getTime() < window.startMs + modes.topPicksWindowMs;
      return { used: isLive ? window.used : 0, allowed: modes.topPicksQuota, expiresAt: isLive ? new Date(window.startMs + modes.topPicksWindowMs) : null };
    },
  };
}
