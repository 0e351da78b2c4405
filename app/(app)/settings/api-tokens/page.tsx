import type { Metadata } from "next";
import Link from "next/link";
import { ApiTokens } from "./api-tokens";

export const metadata: Metadata = { title: "API tokens" };

export default function ApiTokensPage() {
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link className="text-brand-600 hover:underline" href="/settings">
            ← Settings
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">API tokens</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
          Personal tokens let your own scripts and apps use the Seatwatch REST API as you. Send one as <code>Authorization: Bearer sw_…</code>; the
          API is described at{" "}
          <a className="text-brand-600 underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
          .
        </p>
      </div>
      <ApiTokens />
    </div>
  );
}
