/**
 * Plumbing shared by the SeatGeek and partner fakes: a settable clock, the call log, scripted failures,
 * their state and handle (createFakeState), the `/__control` API, the request pipeline and listening on a
 * port. It knows nothing about either vendor.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { closeServer, listen as listenOn } from "./http-util";

export interface FakeClock {
  now(): Date;
  set(instant: Date | string): void;
  advance(ms: number): void;
}

/** Frozen at `initial` when given (tests); otherwise wall time plus whatever the control API adds. */
export function createFakeClock(initial?: Date | string): FakeClock {
  let frozenAt: number | null = initial === undefined ? null : new Date(initial).getTime();
  let offsetMs = 0;
  return {
    now: () => new Date(frozenAt ?? Date.now() + offsetMs),
    set(instant) {
      const target = new Date(instant).getTime();
      if (Number.isNaN(target)) throw new Error(`invalid instant: ${String(instant)}`);
      if (frozenAt === null) offsetMs = target - Date.now();
      else frozenAt = target;
    },
    advance(ms) {
      if (frozenAt === null) offsetMs += ms;
      else frozenAt += ms;
    },
  };
}

export interface CallLogEntry {
  /** Fake-clock time of the call. */
  at: string;
  method: string;
  path: string;
  /** Query parameters with credentials removed (repeated parameters keep every value). */
  query: Record<string, string[]>;
  /** The credential the caller presented (client id or API key), so tests can check how it was sent. */
  credential: string | null;
  status: number;
}

/** A scripted failure: the next `times` matching requests get this response instead of the real one. */
export type FailureInjection = {
  kind: "server-error" | "html" | "malformed-json" | "captcha" | "throttle" | "empty-body";
  /** HTTP status; defaults per kind (500, 200, 200, 403, 406, 200). */
  status?: number;
  times?: number;
  /** Only requests whose path starts with this prefix. */
  pathPrefix?: string;
};

export class FailureQueue {
  private items: (FailureInjection & { remaining: number })[] = [];

  add(injections: FailureInjection[]): void {
    for (const injection of injections) this.items.push({ ...injection, remaining: injection.times ?? 1 });
  }

  clear(): void {
    this.items = [];
  }

  /** The injection that applies to this path, consuming one use of it. */
  take(path: string): FailureInjection | null {
    const index = this.items.findIndex((item) => item.remaining > 0 && (!item.pathPrefix || path.startsWith(item.pathPrefix)));
    if (index < 0) return null;
    const item = this.items[index]!;
    item.remaining -= 1;
    if (item.remaining <= 0) this.items.splice(index, 1);
    return item;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A PerimeterX-style block page, as SeatGeek served in 2020 (providers.md 3.4 [SG-#104]). */
export const captchaHtml = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Access to this page has been denied.</title></head>
<body><div class="px-captcha-container"><h1>Access to this page has been denied.</h1>
<p>Please verify you are a human.</p><div id="px-captcha"></div></div>
<script>window._pxAppId = 'PXfake0000';</script></body></html>`;

/** Answer a scripted failure; returns the status sent. */
export function sendInjectedFailure(res: ServerResponse, injection: FailureInjection): number {
  switch (injection.kind) {
    case "server-error": {
      const status = injection.status ?? 500;
      sendText(res, status, "text/html", `<html><body><h1>${status} Server Error</h1></body></html>`);
      return status;
    }
    case "html": {
      const status = injection.status ?? 200;
      sendText(res, status, "text/html; charset=utf-8", "<html><body>Maintenance</body></html>");
      return status;
    }
    case "captcha": {
      const status = injection.status ?? 403;
      sendText(res, status, "text/html; charset=utf-8", captchaHtml);
      return status;
    }
    case "malformed-json": {
      const status = injection.status ?? 200;
      sendText(res, status, "application/json; charset=utf-8", '{"meta":{"total":1,"page":1},"events":[{"id":1,');
      return status;
    }
    case "empty-body": {
      const status = injection.status ?? 200;
      sendText(res, status, "application/json; charset=utf-8", "");
      return status;
    }
    case "throttle": {
      const status = injection.status ?? 406;
      sendText(res, status, "text/plain; charset=utf-8", "Not Acceptable");
      return status;
    }
  }
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text.trim() === "" ? {} : (JSON.parse(text) as unknown);
}

export interface ControlHandlers {
  loadWorld(world: unknown): void;
  getModes(): unknown;
  setModes(modes: unknown): void;
  clock: FakeClock;
  calls(): CallLogEntry[];
  clearCalls(): void;
  failures: FailureQueue;
  reset(): void;
}

/**
 * `/__control/*`: world, clock, calls, modes, failures, reset. Returns false when the path is not a
 * control path. Unauthenticated by design: the fakes only ever listen on loopback.
 */
export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, handlers: ControlHandlers): Promise<boolean> {
  if (!path.startsWith("/__control/")) return false;
  const route = `${req.method ?? "GET"} ${path.slice("/__control".length)}`;
  try {
    const body = req.method === "POST" ? ((await readJsonBody(req)) as Record<string, unknown>) : {};
    switch (route) {
      case "POST /world":
        handlers.loadWorld(body);
        sendJson(res, 200, { ok: true });
        return true;
      case "GET /clock":
        sendJson(res, 200, { now: handlers.clock.now().toISOString() });
        return true;
      case "POST /clock":
        if (typeof body.set === "string") handlers.clock.set(body.set);
        if (typeof body.advanceMs === "number") handlers.clock.advance(body.advanceMs);
        sendJson(res, 200, { now: handlers.clock.now().toISOString() });
        return true;
      case "GET /calls":
        sendJson(res, 200, { calls: handlers.calls() });
        return true;
      case "DELETE /calls":
        handlers.clearCalls();
        sendJson(res, 200, { ok: true });
        return true;
      case "GET /modes":
        sendJson(res, 200, handlers.getModes());
        return true;
      case "POST /modes":
        handlers.setModes(body);
        sendJson(res, 200, handlers.getModes());
        return true;
      case "POST /failures":
        handlers.failures.add(Array.isArray(body.failures) ? (body.failures as FailureInjection[]) : []);
        sendJson(res, 200, { ok: true });
        return true;
      case "DELETE /failures":
        handlers.failures.clear();
        sendJson(res, 200, { ok: true });
        return true;
      case "POST /reset":
        handlers.reset();
        sendJson(res, 200, { ok: true });
        return true;
      default:
        sendJson(res, 404, { error: `unknown control route ${route}` });
        return true;
    }
  } catch (error) {
    sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    return true;
  }
}

/** What every fake's handle offers over the state it shares with the control API (the vendor adds the rest). */
export interface FakeControls<World, Modes> {
  /** Replaces the world (copied; the clock stays where it is). */
  loadWorld(world: World): void;
  now(): Date;
  /** Moves the fake's clock (frozen clocks stay frozen). */
  setClock(instant: Date | string): void;
  advanceClock(ms: number): void;
  /** Every request so far, oldest first, credentials left out of the query. */
  calls(): CallLogEntry[];
  clearCalls(): void;
  modes(): Modes;
  setModes(modes: Partial<Modes>): void;
  injectFailures(failures: FailureInjection[]): void;
  clearFailures(): void;
  /** Back to the initial world and modes, with an empty call log and no pending failures. */
  reset(): void;
}

/** A fake's mutable state: world, modes, call log, scripted failures and clock, with its handle and control API. */
export interface FakeState<World, Modes> {
  readonly clock: FakeClock;
  readonly failures: FailureQueue;
  /** The world as loaded (resolve it at `clock.now()` for what the API shows). */
  readonly world: World;
  readonly modes: Modes;
  record(entry: CallLogEntry): void;
  controls: FakeControls<World, Modes>;
  /** The `/__control` routes over the same state (see handleControl). */
  controlHandlers: ControlHandlers;
}

export interface FakeStateOptions<World, Modes> {
  clock: FakeClock;
  world: World;
  modes: Modes;
  /** What a loaded world is stored as (fills optional parts such as an absent timeline). */
  normalizeWorld(world: World): World;
  /** Clears the vendor's own state (throttle or quota windows) on reset. */
  onReset?(): void;
}

export function createFakeState<World, Modes extends object>(options: FakeStateOptions<World, Modes>): FakeState<World, Modes> {
  const { clock } = options;
  const failures = new FailureQueue();
  let world = structuredClone(options.world);
  let modes = { ...options.modes };
  let callLog: CallLogEntry[] = [];
  const controls: FakeControls<World, Modes> = {
    loadWorld(next) {
      world = structuredClone(options.normalizeWorld(next));
    },
    now: () => clock.now(),
    setClock: (instant) => clock.set(instant),
    advanceClock: (ms) => clock.advance(ms),
    calls: () => [...callLog],
    clearCalls() {
      callLog = [];
    },
    modes: () => ({ ...modes }),
    setModes(next) {
      modes = { ...modes, ...next };
    },
    injectFailures: (list) => failures.add(list),
    clearFailures: () => failures.clear(),
    reset() {
      world = structuredClone(options.world);
      modes = { ...options.modes };
      callLog = [];
      failures.clear();
      options.onReset?.();
    },
  };
  return {
    clock,
    failures,
    get world() {
      return world;
    },
    get modes() {
      return modes;
    },
    record: (entry) => void callLog.push(entry),
    controls,
    controlHandlers: {
      loadWorld: (body) => controls.loadWorld(body as World),
      getModes: () => modes,
      setModes: (body) => controls.setModes(body as Partial<Modes>),
      clock,
      calls: () => callLog,
      clearCalls: () => controls.clearCalls(),
      failures,
      reset: () => controls.reset(),
    },
  };
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Listen on `host:port` (port 0 = any free port) and report the base URL. */
export async function listen(server: Server, port = 0, host = "127.0.0.1"): Promise<Listening> {
  const url = await listenOn(server, port, host);
  return { url, close: () => closeServer(server) };
}

export function createFakeServer(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server {
  // 1000 Discovery ids in one Inventory Status query string run past Node's default 16 KB header limit.
  return createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.end();
    });
  });
}

/** Resolve after `ms` (no-op for 0), for simulated latency. */
export function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Query parameters for the call log, without the ones that carry credentials. */
export function redactQuery(params: URLSearchParams, secretNames: readonly string[]): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of params) if (!secretNames.includes(name)) (query[name] ??= []).push(value);
  return query;
}

export interface VendorPipeline {
  control: ControlHandlers;
  latencyMs(): number;
  /** The credential the request presents (client id, API key), or null. */
  readCredential(req: IncomingMessage, params: URLSearchParams): string | null;
  /** Answers a vendor request and returns the status sent. */
  respond(req: IncomingMessage, res: ServerResponse, path: string, params: URLSearchParams, credential: string | null): number;
  /** Query parameter names left out of the call log. */
  secretParams: readonly string[];
  record(entry: CallLogEntry): void;
}

/** A fake's HTTP server: control routes first, then simulated latency, the vendor's answer and the call log. */
export function createVendorServer(pipeline: VendorPipeline): Server {
  return createFakeServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.local");
    const path = url.pathname;
    if (await handleControl(req, res, path, pipeline.control)) return;
    await pause(pipeline.latencyMs());
    const params = url.searchParams;
    const credential = pipeline.readCredential(req, params);
    const status = pipeline.respond(req, res, path, params, credential);
    pipeline.record({ at: pipeline.control.clock.now().toISOString(), method: req.method ?? "GET", path, query: redactQuery(params, pipeline.secretParams), credential, status });
  });
}

/** Serves a fake's state (control routes, latency from its modes, the call log) with the vendor's answers. */
export async function serveFake<World, Modes extends { latencyMs: number }>(
  fake: FakeState<World, Modes>,
  vendor: Pick<VendorPipeline, "readCredential" | "respond" | "secretParams"> & { port?: number; host?: string },
): Promise<FakeControls<World, Modes> & Listening> {
  const server = createVendorServer({
    control: fake.controlHandlers,
    latencyMs: () => fake.modes.latencyMs,
    readCredential: vendor.readCredential,
    respond: vendor.respond,
    secretParams: vendor.secretParams,
    record: fake.record,
  });
  const listening = await listen(server, vendor.port, vendor.host);
  return { ...fake.controls, ...listening };
}
