import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { LiveAlertsProvider } from "@/app/_lib/live-alerts";
import { getServerApi } from "@/server/api/server-caller";
import { AppHeader } from "./app-header";
import { LiveAlertBanner } from "./live-alert-banner";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const info = await (await getServerApi()).meta.info();
  if (!info.viewer) redirect("/sign-in");
  return (
    <LiveAlertsProvider owner={info.viewer.email}>
      <div className="flex min-h-dvh flex-col">
        <AppHeader viewer={info.viewer} dataSource={info.dataSource} devMailbox={info.devMailbox} />
        <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-6">{children}</main>
        <footer className="border-t border-slate-200 px-4 py-4 text-center text-xs text-slate-500 dark:border-slate-800">
          Seatwatch checks official ticketing APIs within their limits. Buy on the official page, by hand.
        </footer>
        <LiveAlertBanner />
      </div>
    </LiveAlertsProvider>
  );
}
