import type { Metadata } from "next";
import { AlertList } from "./alert-list";

export const metadata: Metadata = { title: "Alerts" };

export default function AlertsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Alerts</h1>
      <AlertList limit={50} />
    </div>
  );
}
