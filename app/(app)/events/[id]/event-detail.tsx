import { ExternalLink } from "lucide-react";
import type { inferRouterOutputs } from "@trpc/server";
import { ProviderMark } from "@/app/_components/provider-mark";
import { Card } from "@/app/_components/ui";
import type { AppRouter } from "@/server/api/root";
import { formatMoney } from "@/server/api/schemas";
import { MatchingWatches } from "./matching-watches";
import { PriceChart } from "./price-chart";

type EventView = inferRouterOutputs<AppRouter>["events"]["get"];

const LABELS = { low: "Low for this event", typical: "Typical for this event", high: "High for this event", unknown: "Not enough observations yet" } as const;

function when(iso: string | Date | null, timeZone: string | null) {
  if (!iso) return "to be announced";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: timeZone ?? "UTC" }).format(new Date(iso));
}

export function EventDetail({ event }: { event: EventView }) {
  const price = event.priceMinMinor != null && event.currency ? `${formatMoney(event.priceMinMinor, event.currency)}${event.priceMaxMinor != null ? ` – ${formatMoney(event.priceMaxMinor, event.currency)}` : ""}` : null;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{event.name}</h1>
        <p className="text-sm text-slate-500">
          {when(event.startsAt, event.timezone) === "to be announced" && event.localDate ? event.localDate : when(event.startsAt, event.timezone)} · {[event.venueName, event.city, event.countryCode].filter(Boolean).join(", ")}
        </p>
      </div>
      {event.url ? (
        <a href={event.url} target="_blank" rel="noopener noreferrer" className="flex items-center justify-between gap-3 rounded-xl bg-brand-600 px-5 py-4 text-white hover:bg-brand-700">
          <span>
            <span className="block text-lg font-semibold">Buy on the official page</span>
            <span className="text-sm text-brand-100">You buy there, by hand</span>
          </span>
          <span className="flex shrink-0 items-center gap-2">
            <ProviderMark provider={event.provider} />
            <ExternalLink className="size-5" aria-hidden />
          </span>
        </a>
      ) : null}
      {event.goneAt ? <Card className="border-amber-300">The ticketing source no longer lists this event (often a cancellation).</Card> : null}
      <Card>
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          <div><dt className="text-slate-500">Status</dt><dd className="font-medium">{event.status}</dd></div>
          <div><dt className="text-slate-500">Public on-sale</dt><dd>{when(event.publicSale.startsAt, event.timezone)}</dd></div>
          <div><dt className="text-slate-500">Face-value price</dt><dd>{price ?? "not published by the source"}</dd></div>
          {event.presales.map((presale) => (
            <div key={presale.name}><dt className="text-slate-500">{presale.name}</dt><dd>{when(presale.startsAt, event.timezone)} → {when(presale.endsAt, event.timezone)}</dd></div>
          ))}
          {event.ticketLimit ? <div className="sm:col-span-3"><dt className="text-slate-500">Ticket limit</dt><dd>{event.ticketLimit}</dd></div> : null}
        </dl>
      </Card>
      <Card>
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">Price history</h2>
          <span className="text-sm" data-testid="price-label">{LABELS[event.priceLabel]}</span>
        </div>
        <p className="mb-3 text-xs text-slate-500">Lowest face-value price each time we saw it change — from our own observations only.</p>
        {event.priceHistory.length && event.currency ? <PriceChart points={event.priceHistory.map((point) => ({ at: new Date(point.at).toISOString(), minMinor: point.minMinor }))} currency={event.currency} /> : <p className="text-sm text-slate-500">No prices observed yet.</p>}
      </Card>
      <MatchingWatches eventId={event.id} eventName={event.name} />
      {event.unknowns.length ? (
        <Card>
          <h2 className="mb-1 text-lg font-semibold">What we can&apos;t know</h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            The public ticketing API gives status, sale windows and sometimes a face-value price range — not {event.unknowns.join(", ")}. Watches that ask for those carry them into the alert without checking them.
          </p>
        </Card>
      ) : null}
    </div>
  );
}
