import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its package folder; node-postgres and the job libraries are
  // plain Node code. Keep them out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "node-cron", "twilio", "web-push"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
