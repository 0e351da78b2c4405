/**
 * Cross-site request forgery check for cookie-authenticated requests: a state-changing request must come
 * from one of our own pages, as its Origin (or, failing that, Referer) header proves. Browsers always send
 * Origin on cross-site POSTs and never let a page forge it; a request with neither header is refused too.
 * Session cookies are also SameSite=Lax; this holds where that does not (same-site subdomains, old browsers,
 * top-level POST navigations).
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Endpoints whose unsafe requests prove themselves without a session cookie. */
export const CSRF_EXEMPT_PATHS: Record<string, string> = {
  "/api/notifications/twilio/inbound": "Twilio signs every webhook (X-Twilio-Signature) and sends no cookie",
  "/api/notifications/twilio/status": "Twilio's status callbacks are signed the same way (X-Twilio-Signature) and send no cookie",
  "/api/notifications/unsubscribe": "RFC 8058 one-click: mail providers post a signed token from their servers",
};

/** Every path under it is the token-authenticated REST API (app/api/v1), exempt as a whole (see checkCsrf). */
const REST_API_PREFIX = "/api/v1/";

export type CsrfVerdict = { isAllowed: true } | { isAllowed: false; reason: string };

export interface CsrfRequest {
  method: string;
  url: string;
  headers: Headers;
  /** Our public origin (APP_URL) and any others the app answers on. */
  trustedOrigins: readonly string[];
}

function originOf(value: string | null): string | null {
  if (!value || value === "null") return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** The origin the browser addressed: the Host it sent (or the one our proxy forwarded) with the scheme. */
function addressedOrigin(url: URL, headers: Headers): string | null {
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host) return null;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  return originOf(`${proto}://${host}`);
}

export function checkCsrf(request: CsrfRequest): CsrfVerdict {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { isAllowed: true };
  const url = new URL(request.url);
  if (CSRF_EXEMPT_PATHS[url.pathname.replace(/\/+$/, "")]) return { isAllowed: true };
  // The REST API reads no cookies: only a bearer token, which a cross-site form or fetch cannot attach, admits
  // a caller, so a forged request there gains nothing and gets the API's own 401.
  if (url.pathname === REST_API_PREFIX.slice(0, -1) || url.pathname.startsWith(REST_API_PREFIX)) return { isAllowed: true };

  const trusted = new Set(request.trustedOrigins.map(originOf).filter((origin): origin is string => origin !== null));
  const addressed = addressedOrigin(url, request.headers);
  if (addressed) trusted.add(addressed);

  const origin = request.headers.get("origin");
  const claimed = origin !== null ? originOf(origin) : originOf(request.headers.get("referer"));
  if (claimed === null) return { isAllowed: false, reason: origin !== null ? "opaque Origin" : "no Origin or Referer" };
  return trusted.has(claimed) ? { isAllowed: true } : { isAllowed: false, reason: `foreign origin ${claimed}` };
}
