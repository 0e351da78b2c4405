import type { NextConfig } from "next";
import { HSTS_VALUE, STATIC_SECURITY_HEADERS } from "./server/lib/security-headers";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its package folder; node-postgres and the job libraries are
  // plain Node code. Keep them out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "node-cron", "twilio", "web-push"],
  poweredByHeader: false,
  typedRoutes: false,
  // Every response, static files included; the per-request CSP and HSTS for pages and APIs come from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [{ key: "Strict-Transport-Security", value: HSTS_VALUE }] },
    ];
  },
};

export default nextConfig;
