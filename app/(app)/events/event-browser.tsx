"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ExternalLink } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ProviderMark } from "@/app/_components/provider-mark";
import { Alert, Button, Card, Field, Input, Select, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { formatMoney } from "@/server/api/schemas";

const PAGE = 30;
const STATUS_LABELS: Record<string, string> = { onsale: "On sale", offsale: "Off sale", cancelled: "Cancelled", postponed: "Postponed", rescheduled: "Rescheduled" };
const STATUS_STYLES: Record<string, string> = {
  onsale: "bg-green-100 text-green-800 dark:bg-green-900/50 dark:text-green-200",
  cancelled: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  postponed: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-100",
  rescheduled: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-100",
};

function formatPrice(minor: number | null, currency: string | null) {
  return minor == null || !currency ? null : formatMoney(minor, currency);
}

function formatWhen(startsAt: Date | null, localDate: string | null, timezone: string | null) {
  if (startsAt) return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: timezone ?? "UTC" }).format(startsAt);
  return localDate ? `${localDate} (time to be announced)` : "Date to be announced";
}

export function EventBrowser() {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [cityText, setCityText] = useState("");
  const [priceText, setPriceText] = useState("");
  const [typed, setTyped] = useState<{ q: string; city: string; maxPrice: number | undefined }>({ q: "", city: "", maxPrice: undefined });
  const [countryCode, setCountryCode] = useState("");
  const [segment, setSegment] = useState("");
  const [fromDate, setFromDate] = useState("");
  const [toDate, setToDate] = useState("");
  const [sort, setSort] = useState<"date" | "price">("date");
  const [offset, setOffset] = useState(0);
  const price = priceText.trim() === "" ? undefined : Number(priceText);
  const priceError = price !== undefined && (!Number.isFinite(price) || price < 0) ? "Enter a price of 0 or more" : undefined;
  const dateError = fromDate && toDate && toDate < fromDate ? "The end date is before the start date" : undefined;
  useEffect(() => {
    const timer = setTimeout(() => {
      setTyped({ q: text.trim(), city: cityText.trim(), maxPrice: priceError ? undefined : price });
      setOffset(0);
    }, 300);
    return () => clearTimeout(timer);
  }, [text, cityText, price, priceError]);
  const search = useQuery({
    ...trpc.events.search.queryOptions({
      q: typed.q || undefined,
      city: typed.city || undefined,
      maxPrice: typed.maxPrice,
      countryCode: countryCode || undefined,
      segment: segment || undefined,
      from: fromDate && !dateError ? new Date(`${fromDate}T00:00:00Z`) : undefined,
      to: toDate && !dateError ? new Date(`${toDate}T23:59:59Z`) : undefined,
      sort,
      limit: PAGE,
      offset,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const pick = <T,>(set: (value: T) => void) => (value: T) => { set(value); setOffset(0); };

  return (
    <div className="space-y-4">
      <Card className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="event-q" label="Search" className="sm:col-span-2"><Input id="event-q" type="search" placeholder="Team, artist, venue or city" value={text} onChange={(event) => setText(event.target.value)} /></Field>
        <Field id="event-country" label="Country">
          <Select id="event-country" value={countryCode} onChange={(event) => pick(setCountryCode)(event.target.value)}>
            <option value="">Anywhere</option>
            {["GB", "IE", "US", "CA", "DE", "NL", "ES", "AU"].map((code) => <option key={code}>{code}</option>)}
          </Select>
        </Field>
        <Field id="event-segment" label="Type">
          <Select id="event-segment" value={segment} onChange={(event) => pick(setSegment)(event.target.value)}>
            <option value="">Any type</option>
            {["Sports", "Music", "Arts & Theatre", "Film", "Miscellaneous"].map((name) => <option key={name}>{name}</option>)}
          </Select>
        </Field>
        <Field id="event-city" label="City" hint="The venue's city, whole name"><Input id="event-city" placeholder="Any city" value={cityText} onChange={(event) => setCityText(event.target.value)} /></Field>
        <Field id="event-from" label="From" error={dateError}><Input id="event-from" type="date" value={fromDate} onChange={(event) => pick(setFromDate)(event.target.value)} /></Field>
        <Field id="event-to" label="To"><Input id="event-to" type="date" value={toDate} onChange={(event) => pick(setToDate)(event.target.value)} /></Field>
        <Field id="event-max-price" label="Price up to" hint="Lowest face value, in the event's currency" error={priceError}>
          <Input id="event-max-price" type="number" inputMode="decimal" min={0} step="any" placeholder="Any price" value={priceText} onChange={(event) => setPriceText(event.target.value)} />
        </Field>
        <Field id="event-sort" label="Sort by">
          <Select id="event-sort" value={sort} onChange={(event) => pick(setSort)(event.target.value === "price" ? "price" : "date")}>
            <option value="date">Date (soonest first)</option>
            <option value="price">Price (lowest first)</option>
          </Select>
        </Field>
      </Card>
      {search.isPending ? <Spinner label="Loading events" /> : null}
      {search.isError ? <Alert>Could not load events: {search.error.message}</Alert> : null}
      {search.data && search.data.total === 0 ? (
        <Card>No events stored yet. The first catalogue sweep runs within a minute of start; this page refreshes by itself.</Card>
      ) : null}
      {search.data && search.data.total > 0 && search.data.events.length === 0 ? <Card>Nothing matches these filters.</Card> : null}
      {search.data?.events.length ? (
        <ul className="space-y-2">
          {search.data.events.map((event) => (
            <li key={event.id}>
              <Card className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <Link href={`/events/${event.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">{event.name}</Link>
                  <p className="text-sm text-slate-500">
                    {formatWhen(event.startsAt, event.localDate, event.timezone)} · {[event.venueName, event.city, event.countryCode].filter(Boolean).join(", ")}
                  </p>
                  <div className="mt-1 flex flex-wrap gap-2 text-xs">
                    <span className={`rounded-full px-2 py-0.5 ${STATUS_STYLES[event.status] ?? "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200"}`}>{STATUS_LABELS[event.status] ?? event.status}</span>
                    {event.segment ? <span className="rounded-full bg-slate-100 px-2 py-0.5 dark:bg-slate-800">{event.segment}</span> : null}
                    {formatPrice(event.priceMinMinor, event.currency) ? <span className="rounded-full bg-slate-100 px-2 py-0.5 dark:bg-slate-800">from {formatPrice(event.priceMinMinor, event.currency)} (face value)</span> : <span className="text-slate-500">price not published</span>}
                  </div>
                </div>
                {event.url ? (
                  <a href={event.url} target="_blank" rel="noopener noreferrer" className="inline-flex shrink-0 items-center gap-2 text-sm font-medium text-brand-600 hover:underline">
                    <ProviderMark provider={event.provider} className="border border-slate-200 dark:border-slate-700" /> Official page <ExternalLink className="size-4" aria-hidden />
                  </a>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      ) : null}
      {search.data && search.data.events.length > 0 ? (
        <div className="flex items-center justify-between">
          <Button variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</Button>
          <span className="text-sm text-slate-500">{offset + 1}–{offset + search.data.events.length}</span>
          <Button variant="secondary" disabled={search.data.events.length < PAGE} onClick={() => setOffset(offset + PAGE)}>Next</Button>
        </div>
      ) : null}
    </div>
  );
}
