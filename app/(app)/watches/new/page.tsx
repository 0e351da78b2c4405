import type { Metadata } from "next";
import { getServerApi } from "@/server/api/server-caller";
import { NEW_WATCH_DEFAULTS } from "../watch-defaults";
import { WatchForm } from "../watch-form";

export const metadata: Metadata = { title: "New watch" };

const CURRENCY_BY_COUNTRY: Record<string, string> = { GB: "GBP", US: "USD", CA: "CAD", AU: "AUD", NZ: "NZD", MX: "MXN", IE: "EUR", DE: "EUR", FR: "EUR", ES: "EUR", NL: "EUR" };

export default async function NewWatchPage() {
  const profile = await (await getServerApi()).profile.get();
  const home = profile.homeCountry ?? undefined;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New watch</h1>
      <p className="text-sm text-slate-500">
        {profile.watchCount} of {profile.limits.watches} watches used on your {profile.tier} plan.
      </p>
      <WatchForm initial={{ ...NEW_WATCH_DEFAULTS, countryCode: home ?? null }} defaultCurrency={home ? CURRENCY_BY_COUNTRY[home] : undefined} />
    </div>
  );
}
