/**
 * The Ticketmaster Discovery v2 stand-in: a real HTTP server with the gateway behaviour of providers.md 7
 * (auth, quota, spike arrest, exact error bodies) in front of a scriptable world. Start it in-process with
 * `startTicketmasterFake`, or from the shell with `npm run fake:ticketmaster` (server/sandbox/cli.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listen, sendJson } from "../http-util";
import { summarizeQuery, type CallLogEntry } from "./call-log";
import type { ClockInfo } from "./clock";
import { handleControl } from "./control";
import { DiscoveryError, buildUnknownPathError, type ErrorResponse } from "./error-bodies";
import { FakeCore, type ClockChange, type WorldSummary } from "./fake-core";
import { describeFailure, sendFailure, type FailureSpec } from "./failures";
import { readFeedCountry } from "./feed";
import { buildRateLimitHeaders, type QuotaSnapshot } from "./gateway";
import { DEFAULT_KEY, type OptionsPatch, type TunableOptions } from "./options";
import type { RouteContext } from "./route-context";
import { resolveDiscoveryRoute, type DiscoveryRoute } from "./router";
import type { World } from "./types";

export type TicketmasterFakeOptions = OptionsPatch & {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the fake never listens beyond loopback unless asked. */
  host?: string;
  /** Accepted key (default `sandbox`); `keys` adds more. */
  key?: string;
  /** The world to serve; default empty. */
  world?: World;
  /** Real clock for the gateway; default Date.now. */
  now?: () => number;
  /** World ms per real ms (compressed clock); default 1. */
  speed?: number;
};

export interface TicketmasterFake {
  url: string;
  /** The first accepted key. */
  key: string;
  close(): Promise<void>;
  loadWorld(world: World): WorldSummary;
  describeWorld(): WorldSummary;
  readClock(): ClockInfo;
  advanceClock(ms: number): ClockInfo;
  setClock(change: ClockChange): ClockInfo;
  listCalls(): CallLogEntry[];
  clearCalls(): void;
  resetCounters(): void;
  readOptions(): TunableOptions;
  setOptions(patch: OptionsPatch): TunableOptions;
  injectFailure(spec: FailureSpec): void;
  clearFailures(): void;
  readQuota(key?: string): QuotaSnapshot;
  /** Requests past the gateway and not yet answered (held by latency or a hang), for fault tests. */
  listInFlight(): InFlightRequest[];
}

export interface InFlightRequest {
  path: string;
  query: Record<string, string | string[]>;
  since: number;
}

const CORS_HEADERS = { "Access-Control-Allow-Origin": "*" };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function sendError(res: ServerResponse, error: ErrorResponse): void {
  sendJson(res, error.status, error.body, CORS_HEADERS);
}

async function serveDiscovery(core: FakeCore, req: IncomingMessage, res: ServerResponse, url: URL, route: DiscoveryRoute, inFlight: Set<InFlightRequest>) {
  const params = url.searchParams;
  const key = params.get("apikey");
  const record = (status: number, errorCode: string | null) =>
    core.callLog.record({
      at: core.clock.realNow(),
      worldAt: core.clock.worldNow(),
      key,
      method: req.method ?? "GET",
      path: url.pathname,
      query: summarizeQuery(params),
      status,
      errorCode,
    });

  const gate = core.gateway.admit(key, core.clock.realNow());
  if (!gate.ok) {
    sendError(res, gate.error);
    record(gate.error.status, gate.error.errorCode);
    return;
  }
  const options = core.readOptions();
  const held: InFlightRequest = { path: url.pathname, query: summarizeQuery(params), since: core.clock.realNow() };
  inFlight.add(held);
  res.on("close", () => inFlight.delete(held));
  if (options.latencyMs > 0) await sleep(options.latencyMs);
  const failure = core.failures.take();
  if (failure) {
    sendFailure(res, failure);
    const described = describeFailure(failure);
    record(described.status, described.errorCode);
    return;
  }
  const context: RouteContext = {
    path: url.pathname,
    params,
    view: core.view(),
    worldNow: core.clock.worldNow(),
    options,
    salt: core.nextSalt(),
  };
  try {
    const body = route.kind === "feed" ? core.buildFeed(readFeedCountry(params)) : route.kind === "feed-metadata" ? core.buildFeedMetadata() : route.handle(context);
    sendJson(res, 200, body, { ...CORS_HEADERS, ...buildRateLimitHeaders(gate.quota) });
    record(200, null);
  } catch (error) {
    if (!(error instanceof DiscoveryError)) {
      record(500, "internal-error");
      throw error;
    }
    sendError(res, error.response);
    record(error.response.status, error.response.errorCode);
  }
}

async function handleRequest(core: FakeCore, req: IncomingMessage, res: ServerResponse, inFlight: Set<InFlightRequest>): Promise<void> {
  const url = new URL(req.url ?? "/", "http://fake.invalid");
  if (url.pathname.startsWith("/__control/")) return handleControl(core, req, res, url.pathname);
  if (req.method === "OPTIONS") {
    res.writeHead(204, { ...CORS_HEADERS, "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS", "Access-Control-Allow-Headers": "*" }).end();
    return;
  }
  const route = resolveDiscoveryRoute(url.pathname);
  if (!route) {
    sendError(res, buildUnknownPathError(url.pathname));
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendJson(res, 405, { fault: { faultstring: "Method not allowed", detail: { errorcode: "protocol.http.MethodNotAllowed" } } }, { Allow: "GET, HEAD" });
    return;
  }
  await serveDiscovery(core, req, res, url, route, inFlight);
}

/** Starts the fake on loopback; resolves once it is listening. */
export async function startTicketmasterFake(opts: TicketmasterFakeOptions = {}): Promise<TicketmasterFake> {
  const { port = 0, host = "127.0.0.1", key, keys, world, now, speed, ...tunables } = opts;
  const acceptedKeys = [...new Set([...(key ? [key] : []), ...(keys ?? [])])];
  if (acceptedKeys.length === 0) acceptedKeys.push(DEFAULT_KEY);
  const core = FakeCore.withDefaults({ world, now, speed, keys: acceptedKeys, options: tunables });

  const inFlight = new Set<InFlightRequest>();
  const server = createServer((req, res) => {
    handleRequest(core, req, res, inFlight).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  const url = await listen(server, port, host);

  return {
    url,
    key: acceptedKeys[0] as string,
    close: () => closeServer(server),
    loadWorld: (input) => core.loadWorld(input),
    describeWorld: () => core.summarizeWorld(),
    readClock: () => core.readClock(),
    advanceClock: (ms) => core.advanceClock(ms),
    setClock: (target) => core.setClock(target),
    listCalls: () => core.listCalls(),
    clearCalls: () => core.clearCalls(),
    resetCounters: () => core.resetCounters(),
    readOptions: () => core.readOptions(),
    setOptions: (patch) => core.setOptions(patch),
    injectFailure: (spec) => core.injectFailure(spec),
    clearFailures: () => core.failures.clear(),
    readQuota: (quotaKey) => core.readQuota(quotaKey ?? (acceptedKeys[0] as string)),
    listInFlight: () => [...inFlight],
  };
}
