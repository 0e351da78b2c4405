import type { Metadata } from "next";
import { ButtonLink } from "@/app/_components/ui";
import { WatchList } from "./watch-list";

export const metadata: Metadata = { title: "Watches" };

export default function WatchesPage() {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Your watches</h1>
        <ButtonLink href="/watches/new">New watch</ButtonLink>
      </div>
      <WatchList />
    </div>
  );
}
