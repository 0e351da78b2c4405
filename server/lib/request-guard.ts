import { getAppUrl, getEnv } from "@/server/env";
import { checkCsrf } from "@/server/lib/csrf";
import { log } from "@/server/lib/log";
import { readRequestId, REQUEST_ID_HEADER } from "@/server/lib/request-id";
import { buildContentSecurityPolicy, createNonce, HSTS_VALUE, isServedOverHttps, STATIC_SECURITY_HEADERS } from "@/server/lib/security-headers";

/** What every request goes through before a route sees it: proxy.ts for Next, scripts/serve.mjs for its fast path. */
export interface GuardInput {
  method: string;
  /** The absolute URL the request was addressed to (Next's `request.url`). */
  url: string;
  pathname: string;
  search: string;
  headers: Headers;
}

export type GuardDecision =
  | {
      isAllowed: false;
      status: 403;
      body: { error: { code: "FORBIDDEN"; message: string } };
      /** The whole header set of the refusal, security headers included. */
      headers: [string, string][];
    }
  | {
      isAllowed: true;
      requestId: string;
      /** The route sees these on the request (the request id; the CSP carries the nonce to Next's renderer). */
      requestHeaders: [string, string][];
      /** The response carries these (request id, CSP, HSTS over HTTPS); the static ones come from next.config.ts. */
      responseHeaders: [string, string][];
    };

function commonHeaders(requestId: string, csp: string, isHttps: boolean): [string, string][] {
  const headers: [string, string][] = [
    [REQUEST_ID_HEADER, requestId],
    ["Content-Security-Policy", csp],
  ];
  if (isHttps) headers.push(["Strict-Transport-Security", HSTS_VALUE]);
  return headers;
}

/**
 * Gives the request an id, refuses cross-site state changes (403, logged), builds the per-request CSP and
 * HSTS, and logs API requests. Pure apart from the log line and the nonce's randomness.
 */
export function guardRequest(request: GuardInput): GuardDecision {
  const requestId = readRequestId(request.headers);
  const env = getEnv();
  const appUrl = getAppUrl(env);
  const port = env.PORT ?? 3000;
  const isHttps = isServedOverHttps(request.headers, env.APP_URL);
  const path = request.pathname;

  const csrf = checkCsrf({
    method: request.method,
    url: request.url,
    headers: request.headers,
    trustedOrigins: [appUrl, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
  });
  if (!csrf.isAllowed) {
    log.warn({ requestId, method: request.method, path, reason: csrf.reason }, "cross-site request refused");
    const csp = buildContentSecurityPolicy({ nonce: createNonce(), isDevelopment: false, isHttps });
    return {
      isAllowed: false,
      status: 403,
      body: { error: { code: "FORBIDDEN", message: "Cross-site request refused" } },
      headers: [...STATIC_SECURITY_HEADERS.map(({ key, value }): [string, string] => [key, value]), ["content-type", "application/json"], ...commonHeaders(requestId, csp, isHttps)],
    };
  }

  const csp = buildContentSecurityPolicy({ nonce: createNonce(), isDevelopment: env.NODE_ENV === "development", isHttps });
  if (path.startsWith("/api/")) log.info({ requestId, method: request.method, path, query: request.search || undefined }, "api request");
  return {
    isAllowed: true,
    requestId,
    requestHeaders: [
      [REQUEST_ID_HEADER, requestId],
      ["content-security-policy", csp],
    ],
    responseHeaders: commonHeaders(requestId, csp, isHttps),
  };
}
