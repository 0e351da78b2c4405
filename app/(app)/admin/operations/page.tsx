import type { Metadata } from "next";
import Link from "next/link";
import { OperationsReport } from "./operations-report";

export const metadata: Metadata = { title: "Operations" };

export default function OperationsPage() {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Operations</h1>
        <p className="text-sm">
          <Link href="/admin/users" className="text-brand-700 underline dark:text-brand-100">Users and tiers</Link>
          {" · "}
          <Link href="/admin/quota" className="text-brand-700 underline dark:text-brand-100">API quota</Link>
        </p>
      </div>
      <OperationsReport />
    </div>
  );
}
