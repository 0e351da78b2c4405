import { NextResponse, type NextRequest } from "next/server";
import { getAppUrl, getEnv } from "@/server/env";
import { checkCsrf } from "@/server/lib/csrf";
import { log } from "@/server/lib/log";
import { readRequestId, REQUEST_ID_HEADER } from "@/server/lib/request-id";
import { buildContentSecurityPolicy, createNonce, HSTS_VALUE, isServedOverHttps, STATIC_SECURITY_HEADERS } from "@/server/lib/security-headers";

/**
 * Runs before every route (Node runtime): gives the request an id, refuses cross-site state changes, and
 * sets the per-request Content-Security-Policy (its nonce reaches Next's renderer through the request's own
 * CSP header) and HSTS. The headers that never vary come from next.config.ts, static files included.
 */
export function proxy(request: NextRequest) {
  const requestId = readRequestId(request.headers);
  const env = getEnv();
  const appUrl = getAppUrl(env);
  const port = env.PORT ?? 3000;
  const isHttps = isServedOverHttps(request.headers, env.APP_URL);
  const path = request.nextUrl.pathname;

  const csrf = checkCsrf({
    method: request.method,
    url: request.url,
    headers: request.headers,
    trustedOrigins: [appUrl, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
  });
  if (!csrf.isAllowed) {
    log.warn({ requestId, method: request.method, path, reason: csrf.reason }, "cross-site request refused");
    const refusal = NextResponse.json({ error: { code: "FORBIDDEN", message: "Cross-site request refused" } }, { status: 403 });
    for (const { key, value } of STATIC_SECURITY_HEADERS) refusal.headers.set(key, value);
    return withCommonHeaders(refusal, { requestId, isHttps, csp: buildContentSecurityPolicy({ nonce: createNonce(), isDevelopment: false, isHttps }) });
  }

  const csp = buildContentSecurityPolicy({ nonce: createNonce(), isDevelopment: env.NODE_ENV === "development", isHttps });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  requestHeaders.set("content-security-policy", csp);
  if (path.startsWith("/api/")) log.info({ requestId, method: request.method, path, query: request.nextUrl.search || undefined }, "api request");
  return withCommonHeaders(NextResponse.next({ request: { headers: requestHeaders } }), { requestId, isHttps, csp });
}

function withCommonHeaders(response: NextResponse, options: { requestId: string; isHttps: boolean; csp: string }) {
  response.headers.set(REQUEST_ID_HEADER, options.requestId);
  response.headers.set("Content-Security-Policy", options.csp);
  if (options.isHttps) response.headers.set("Strict-Transport-Security", HSTS_VALUE);
  return response;
}

export const config = {
  // Everything but build assets, which carry the static headers from next.config.ts and need no nonce.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
