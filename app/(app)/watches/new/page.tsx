import type { Metadata } from "next";
import { getServerApi } from "@/server/api/server-caller";
import { NEW_WATCH_DEFAULTS } from "../watch-defaults";
import { WatchForm } from "../watch-form";
import { Suggestions } from "./suggestions";

export const metadata: Metadata = { title: "New watch" };

const CURRENCY_BY_COUNTRY: Record<string, string> = { GB: "GBP", US: "USD", CA: "CAD", AU: "AUD", NZ: "NZD", MX: "MXN", IE: "EUR", DE: "EUR", FR: "EUR", ES: "EUR", NL: "EUR" };

/** A suggestion's attraction, from the query string; anything odd is ignored rather than trusted. */
function readSuggested(params: Record<string, string | string[] | undefined>) {
  const id = typeof params.attraction === "string" ? params.attraction : "";
  const name = typeof params.name === "string" ? params.name.trim() : "";
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) && name.length > 0 && name.length <= 120 ? { id, name } : null;
}

export default async function NewWatchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const profile = await (await getServerApi()).profile.get();
  const home = profile.homeCountry ?? undefined;
  const suggested = readSuggested(await searchParams);
  const initial = { ...NEW_WATCH_DEFAULTS, countryCode: home ?? null, ...(suggested ? { name: suggested.name, attractions: [suggested] } : {}) };
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New watch</h1>
      <p className="text-sm text-slate-500">
        {profile.watchCount} of {profile.limits.watches} watches used on your {profile.tier} plan.
      </p>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_18rem] lg:items-start">
        <aside className="lg:order-2">
          <Suggestions />
        </aside>
        <div className="min-w-0 lg:order-1">
          <WatchForm key={suggested?.id ?? "blank"} initial={initial} defaultCurrency={home ? CURRENCY_BY_COUNTRY[home] : undefined} />
        </div>
      </div>
    </div>
  );
}
