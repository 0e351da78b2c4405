import type { Metadata } from "next";
import { ButtonLink } from "@/app/_components/ui";
import { CalendarFeed } from "./calendar-feed";
import { WatchList } from "./watch-list";

export const metadata: Metadata = { title: "Watches" };

export default function WatchesPage() {
  return (
    <div className="space-y-4">
      <div className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold">Your watches</h1>
          <ButtonLink href="/watches/new">New watch</ButtonLink>
        </div>
        <details className="rounded-xl border border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
          <summary className="cursor-pointer text-sm font-medium">Calendar feed</summary>
          <div className="mt-3">
            <CalendarFeed />
          </div>
        </details>
      </div>
      <WatchList />
    </div>
  );
}
