/* global AbortController, Buffer, Headers, Request */
// The API routes (/api/trpc/<procedure> and /api/v1/…) answered straight from our HTTP server, without Next's
// router in between: the same compiled route handlers Next would call (from .next/server/app), behind the same
// guard proxy.ts runs for Next (request id, CSRF refusal, CSP, HSTS, the API log line) and with the headers
// next.config.ts puts on every response. Next's router costs more CPU per API request than the handlers do.
//
// Only plain shapes take the fast path; anything else (other methods, trailing slashes, dot segments, other
// /api routes) goes to Next as before. SEATWATCH_FAST_API=false turns it off.
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);

const ROUTES = [
  { pattern: /^\/api\/trpc\/[A-Za-z0-9_.,-]+$/, file: "api/trpc/[trpc]/route.js", methods: new Set(["GET", "POST"]) },
  { pattern: /^\/api\/v1(?:\/[A-Za-z0-9_.~:@!$&'()*+,;=%-]+)+$/, file: "api/v1/[...path]/route.js", methods: new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]) },
];
/** Paths Next would normalise first (dot segments, encoded dots): left to Next. */
const NORMALISED_BY_NEXT = /\/\.|%2e/i;
/** What the `compression` middleware Next uses skips: bodies under 1 KiB. */
const GZIP_MIN_BYTES = 1024;

class ResponseAborted extends Error {
  name = "ResponseAborted";
}

function toHeaders(incoming) {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value !== undefined) headers.append(key, value);
  }
  return headers;
}

function appendVary(res, value) {
  const current = res.getHeader("vary");
  res.setHeader("vary", current ? `${current}, ${value}` : value);
}

function acceptsGzip(req) {
  return /\bgzip\b/i.test(String(req.headers["accept-encoding"] ?? ""));
}

/** Writes a fetch Response to the Node response: event streams chunk by chunk, anything else in one piece. */
async function sendResponse(req, res, response, signal) {
  res.statusCode = response.status;
  for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body) return void res.end();
  if (String(response.headers.get("content-type")).startsWith("text/event-stream")) {
    res.flushHeaders();
    const reader = response.body.getReader();
    signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined), { once: true });
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || res.destroyed) break;
      res.write(value);
    }
    return void res.end();
  }
  let body = Buffer.from(await response.arrayBuffer());
  appendVary(res, "Accept-Encoding");
  if (body.length >= GZIP_MIN_BYTES && acceptsGzip(req) && !response.headers.has("content-encoding")) {
    body = gzipSync(body);
    res.setHeader("content-encoding", "gzip");
  }
  res.setHeader("content-length", body.length);
  res.end(body);
}

/**
 * Loads the compiled API routes and the guard proxy.ts publishes; null (Next serves everything) when turned
 * off or when the build does not have them. The result answers a request and says whether it did.
 */
export async function loadApiFastPath({ root, port }) {
  if (process.env.SEATWATCH_FAST_API?.trim().toLowerCase() === "false") return null;
  const server = path.join(root, ".next", "server");
  try {
    // Evaluating the compiled proxy registers the guard; Next later gets the same module from require's cache.
    require(path.join(server, "middleware.js"));
    const published = globalThis.seatwatchRequestGuard;
    if (typeof published?.guard !== "function") throw new Error("the build's proxy does not publish its guard (rebuild)");
    const handlers = await Promise.all(
      ROUTES.map(async (route) => {
        const { routeModule } = require(path.join(server, "app", route.file));
        await routeModule.ensureUserland();
        return { ...route, userland: routeModule.userland };
      }),
    );
    return createFastPath({ port, guard: published.guard, staticHeaders: published.staticHeaders, handlers });
  } catch (error) {
    console.error("API fast path off, Next serves the API routes:", error instanceof Error ? error.message : error);
    return null;
  }
}

function createFastPath({ port, guard, staticHeaders, handlers }) {
  /** Answers `req` when it is an API request of a plain shape; false leaves it to Next. */
  return function serveApi(req, res) {
    const queryAt = req.url.indexOf("?");
    const pathname = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
    if (!pathname.startsWith("/api/") || NORMALISED_BY_NEXT.test(pathname)) return false;
    const route = handlers.find((entry) => entry.pattern.test(pathname));
    const handler = route?.methods.has(req.method) ? route.userland[req.method] : undefined;
    if (!handler) return false;

    // The URL Next builds for a route (resolve-routes.ts): our own host and port, https when the proxy says so.
    const protocol = req.socket.encrypted || String(req.headers["x-forwarded-proto"] ?? "").includes("https") ? "https" : "http";
    const url = `${protocol}://localhost:${port}${req.url}`;
    const headers = toHeaders(req.headers);
    const decision = guard({ method: req.method, url, pathname, search: queryAt < 0 ? "" : req.url.slice(queryAt), headers });
    if (!decision.isAllowed) {
      for (const [key, value] of decision.headers) res.setHeader(key, value);
      res.statusCode = decision.status;
      appendVary(res, "Accept-Encoding");
      res.end(JSON.stringify(decision.body));
      return true;
    }
    for (const { key, value } of staticHeaders) res.setHeader(key, value);
    for (const [key, value] of decision.responseHeaders) res.setHeader(key, value);
    for (const [key, value] of decision.requestHeaders) headers.set(key, value);

    // Aborted when the client goes away before the answer is complete (the live stream's end, for one).
    const controller = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) controller.abort(new ResponseAborted());
    });
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(url, { method: req.method, headers, signal: controller.signal, ...(hasBody ? { body: req, duplex: "half" } : {}) });
    return Promise.resolve()
      .then(() => handler(request))
      .then((response) => sendResponse(req, res, response, controller.signal))
      .then(() => true);
  };
}
