"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Pause, Play, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert, Button, ButtonLink, Card, Spinner } from "@/app/_components/ui";
import { describeWatch } from "@/app/_lib/describe-watch";
import { useTRPC } from "@/app/_lib/trpc";

export function WatchList({ limit }: { limit?: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const watches = useQuery(trpc.watches.list.queryOptions());
  const [undo, setUndo] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.watches.list.queryKey() });
  const onError = (caught: { message: string }) => setError(caught.message);

  const pause = useMutation(trpc.watches.pause.mutationOptions({ onSuccess: refresh, onError }));
  const resume = useMutation(trpc.watches.resume.mutationOptions({ onSuccess: refresh, onError }));
  const duplicate = useMutation(trpc.watches.duplicate.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.watches.delete.mutationOptions({ onSuccess: refresh, onError }));
  const restore = useMutation(trpc.watches.restore.mutationOptions({ onSuccess: () => { setUndo(null); void refresh(); }, onError }));

  if (watches.isPending) return <Spinner label="Loading your watches" />;
  if (watches.isError) return <Alert>Could not load your watches: {watches.error.message}</Alert>;
  const rows = limit ? watches.data.slice(0, limit) : watches.data;

  return (
    <div className="space-y-3">
      {error ? <Alert>{error}</Alert> : null}
      {undo ? (
        <Alert tone="info">
          Deleted “{undo.name}”.{" "}
          <Button variant="inline" onClick={() => restore.mutate({ id: undo.id })}>
            Undo
          </Button>
        </Alert>
      ) : null}
      {rows.length === 0 ? (
        <Card className="text-center">
          <p className="mb-3 text-slate-600 dark:text-slate-300">No watches yet. Tell us a team, an artist or a venue and we&apos;ll watch it for you.</p>
          <ButtonLink href="/watches/new">Create your first watch</ButtonLink>
        </Card>
      ) : (
        <ul className="space-y-3">
          {rows.map((watch) => (
            <li key={watch.id}>
              <Card className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <div className="flex items-center gap-2">
                    <Link href={`/watches/${watch.id}`} className="truncate font-medium text-brand-700 hover:underline dark:text-brand-100">
                      {watch.name}
                    </Link>
                    {watch.isPaused ? <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs text-slate-700 dark:bg-slate-700 dark:text-slate-200">Paused</span> : null}
                  </div>
                  <p className="truncate text-sm text-slate-500">{describeWatch(watch).join(" · ")}</p>
                </div>
                <div className="flex shrink-0 gap-1">
                  {watch.isPaused ? (
                    <Button variant="ghost" aria-label={`Resume ${watch.name}`} onClick={() => resume.mutate({ id: watch.id })}>
                      <Play className="size-4" aria-hidden /> Resume
                    </Button>
                  ) : (
                    <Button variant="ghost" aria-label={`Pause ${watch.name}`} onClick={() => pause.mutate({ id: watch.id })}>
                      <Pause className="size-4" aria-hidden /> Pause
                    </Button>
                  )}
                  <Button variant="ghost" aria-label={`Duplicate ${watch.name}`} onClick={() => duplicate.mutate({ id: watch.id })}>
                    <Copy className="size-4" aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    aria-label={`Delete ${watch.name}`}
                    onClick={() => remove.mutate({ id: watch.id }, { onSuccess: () => setUndo({ id: watch.id, name: watch.name }) })}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
