/**
 * The security headers every response carries. Pure and dependency-free: next.config.ts (headers on every
 * path, static files included) and proxy.ts (the per-request CSP with its nonce, HSTS, refusals) share it.
 *
 * The CSP uses a fresh nonce per request with 'strict-dynamic' rather than 'unsafe-inline' for scripts: Next
 * puts the nonce on its own inline and chunk scripts when it finds one in the request's CSP header, so an
 * injected <script> without it never runs. The price is that every page renders per request (the root layout
 * is dynamic); a static page's inline scripts would carry no nonce. Styles keep 'unsafe-inline' because React
 * renders `style` attributes (progress bars, charts) that a nonce cannot cover, and injected CSS cannot run
 * code. 'unsafe-eval' only in development, where React uses eval for its debugging stacks.
 */

export interface Header {
  key: string;
  value: string;
}

/** Two years, the value hstspreload.org asks for; sent only when the app is served over HTTPS. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** Headers that never vary per request. */
export const STATIC_SECURITY_HEADERS: readonly Header[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Only what the app uses: location for "near me" watches. Everything else a page could ask for is off.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(self), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

export interface CspOptions {
  nonce: string;
  isDevelopment: boolean;
  isHttps: boolean;
}

export function buildContentSecurityPolicy({ nonce, isDevelopment, isHttps }: CspOptions): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDevelopment ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    // tRPC, the live SSE stream and the push subscription all go to our own origin (dev adds the HMR socket).
    ["connect-src", "'self'", ...(isDevelopment ? ["ws:"] : [])],
    // The service worker (public/sw.js) is ours; 'strict-dynamic' would otherwise leave workers to script-src.
    ["worker-src", "'self'"],
    ["manifest-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  if (isHttps) directives.push(["upgrade-insecure-requests"]);
  return directives.map((parts) => parts.join(" ")).join("; ");
}

/** A fresh nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** Whether the client reached us over HTTPS: the public URL says so, or the proxy in front of us does. */
export function isServedOverHttps(headers: Headers, appUrl: string | undefined): boolean {
  if (appUrl?.toLowerCase().startsWith("https://")) return true;
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}
