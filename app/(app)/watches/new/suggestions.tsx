"use client";

import { useQuery } from "@tanstack/react-query";
import { Sparkles } from "lucide-react";
import Link from "next/link";
import { Card, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

function watchHref(attraction: { id: string; name: string }) {
  return `/watches/new?${new URLSearchParams({ attraction: attraction.id, name: attraction.name })}`;
}

/** "Fans who watch X also watch Y", or what is popular when we know nothing yet; each one prefills the form. */
export function Suggestions() {
  const trpc = useTRPC();
  const result = useQuery(trpc.suggestions.attractions.queryOptions());
  if (result.isError) return null;
  return (
    <Card className="space-y-2 p-4">
      <h2 className="flex items-center gap-2 text-sm font-semibold">
        <Sparkles className="size-4" aria-hidden /> Ideas
      </h2>
      {result.isPending ? <Spinner label="Loading ideas" /> : null}
      {result.data && result.data.suggestions.length === 0 ? <p className="text-sm text-slate-500">No ideas yet: start with a team or an artist you love.</p> : null}
      {result.data?.suggestions.length ? (
        <ul className="space-y-2 text-sm" data-testid="suggestions">
          {result.data.suggestions.map((suggestion) => (
            <li key={suggestion.attraction.id} className="flex items-center justify-between gap-2">
              <span className="min-w-0">
                {suggestion.basis === "co-watched" ? (
                  <>Fans who watch {suggestion.because.name} also watch <strong>{suggestion.attraction.name}</strong> <span className="text-slate-500">({suggestion.fans} fans)</span></>
                ) : suggestion.basis === "popular" ? (
                  <><strong>{suggestion.attraction.name}</strong> <span className="text-slate-500">· watched by {suggestion.fans} fans</span></>
                ) : (
                  <><strong>{suggestion.attraction.name}</strong> <span className="text-slate-500">· {suggestion.events} upcoming event{suggestion.events === 1 ? "" : "s"}</span></>
                )}
              </span>
              <Link href={watchHref(suggestion.attraction)} className="shrink-0 rounded-lg px-2 py-1 font-medium text-brand-700 hover:bg-slate-100 dark:text-brand-100 dark:hover:bg-slate-800" aria-label={`Watch ${suggestion.attraction.name}`}>
                Watch
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
