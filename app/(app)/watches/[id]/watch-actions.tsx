"use client";

import { useMutation } from "@tanstack/react-query";
import { Pause, Play, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, ButtonLink } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { DuplicateButton } from "./duplicate-button";

/** The watch page's own controls: pause or resume, duplicate, and delete with an undo that restores it in place. */
export function WatchActions({ watchId, watchName, isPaused }: { watchId: string; watchName: string; isPaused: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [isDeleted, setIsDeleted] = useState(false);
  const refresh = () => router.refresh();
  const pause = useMutation(trpc.watches.pause.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.watches.resume.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.watches.delete.mutationOptions({ onSuccess: () => setIsDeleted(true) }));
  const restore = useMutation(trpc.watches.restore.mutationOptions({ onSuccess: () => { setIsDeleted(false); refresh(); } }));
  const failed = [pause, resume, remove, restore].find((mutation) => mutation.isError)?.error;

  if (isDeleted) {
    return (
      <div className="w-full space-y-2" data-testid="watch-deleted">
        <Alert tone="info">
          Deleted “{watchName}”. It no longer checks or alerts.{" "}
          <Button variant="inline" onClick={() => restore.mutate({ id: watchId })} disabled={restore.isPending}>
            Undo
          </Button>
        </Alert>
        <ButtonLink href="/watches" variant="secondary">Back to your watches</ButtonLink>
        {failed ? <Alert>{failed.message}</Alert> : null}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {isPaused ? (
          <Button variant="secondary" onClick={() => resume.mutate({ id: watchId })} isBusy={resume.isPending}>
            <Play className="size-4" aria-hidden /> Resume
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => pause.mutate({ id: watchId })} isBusy={pause.isPending}>
            <Pause className="size-4" aria-hidden /> Pause
          </Button>
        )}
        <DuplicateButton watchId={watchId} />
        <Button variant="secondary" onClick={() => remove.mutate({ id: watchId })} isBusy={remove.isPending} className="text-red-700 dark:text-red-300">
          <Trash2 className="size-4" aria-hidden /> Delete
        </Button>
      </div>
      {failed ? <Alert>{failed.message}</Alert> : null}
    </div>
  );
}
