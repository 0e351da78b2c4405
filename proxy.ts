import { NextResponse, type NextRequest } from "next/server";
import { guardRequest } from "@/server/lib/request-guard";
import { STATIC_SECURITY_HEADERS } from "@/server/lib/security-headers";

/**
 * Runs before every route (Node runtime): gives the request an id, refuses cross-site state changes, and
 * sets the per-request Content-Security-Policy (its nonce reaches Next's renderer through the request's own
 * CSP header) and HSTS — all decided by server/lib/request-guard.ts. The headers that never vary come from
 * next.config.ts, static files included.
 */
export function proxy(request: NextRequest) {
  const decision = guardRequest({ method: request.method, url: request.url, pathname: request.nextUrl.pathname, search: request.nextUrl.search, headers: request.headers });
  if (!decision.isAllowed) {
    const refusal = NextResponse.json(decision.body, { status: decision.status });
    for (const [key, value] of decision.headers) refusal.headers.set(key, value);
    return refusal;
  }
  const requestHeaders = new Headers(request.headers);
  for (const [key, value] of decision.requestHeaders) requestHeaders.set(key, value);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [key, value] of decision.responseHeaders) response.headers.set(key, value);
  return response;
}

// scripts/serve.mjs answers the API routes itself, through this same guard and with the headers next.config.ts
// gives every response, without Next's router in between (scripts/api-fast-path.mjs).
(globalThis as { seatwatchRequestGuard?: unknown }).seatwatchRequestGuard = { guard: guardRequest, staticHeaders: STATIC_SECURITY_HEADERS };

export const config = {
  // Everything but build assets, which carry the static headers from next.config.ts and need no nonce.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
