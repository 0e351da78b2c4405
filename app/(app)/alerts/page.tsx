import type { Metadata } from "next";
import { AlertList } from "./alert-list";

export const metadata: Metadata = { title: "Alerts" };

/** `?alert=<id>`: the link in every notification; that alert is marked in the list. */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ alert?: string | string[] }> }) {
  const { alert } = await searchParams;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Alerts</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">Every alert stays here, with how it reached you on each channel.</p>
      <AlertList limit={50} focusAlertId={typeof alert === "string" ? alert : undefined} />
    </div>
  );
}
