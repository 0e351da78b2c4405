import type { Metadata } from "next";
import { QuotaReport } from "./quota-report";

export const metadata: Metadata = { title: "API quota" };

export default function QuotaPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">API quota</h1>
      <QuotaReport />
    </div>
  );
}
