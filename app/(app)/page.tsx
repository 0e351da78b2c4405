import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink, Card } from "@/app/_components/ui";
import { getServerApi } from "@/server/api/server-caller";
import { AlertList } from "./alerts/alert-list";
import { DashboardPanels } from "./dashboard-panels";
import { LiveStatus } from "./live-alert-banner";
import { WatchList } from "./watches/watch-list";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const profile = await (await getServerApi()).profile.get();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Hi {profile.name.split(" ")[0]}</h1>
          <p className="text-sm text-slate-500">
            {profile.watchCount === 0 ? "Nothing watched yet." : `${profile.watchCount} watch${profile.watchCount === 1 ? "" : "es"} on your ${profile.tier} plan (up to ${profile.limits.watches}).`}
          </p>
        </div>
        <ButtonLink href="/watches/new">New watch</ButtonLink>
      </div>
      <DashboardPanels timeZone={profile.timeZone} />
      <Card>
        <div className="mb-1 flex items-center justify-between">
          <h2 className="text-lg font-semibold">Latest alerts</h2>
          <Link href="/alerts" className="text-sm text-brand-600 hover:underline">
            All alerts
          </Link>
        </div>
        <LiveStatus className="mb-3" />
        <AlertList limit={5} isCompact />
      </Card>
      <Card>
        <div className="mb-3 flex items-center justify-between">
          <h2 className="text-lg font-semibold">Your watches</h2>
          <Link href="/watches" className="text-sm text-brand-600 hover:underline">
            See all
          </Link>
        </div>
        <WatchList limit={5} />
      </Card>
    </div>
  );
}
