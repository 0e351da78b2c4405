"use client";

import { useMutation } from "@tanstack/react-query";
import { Copy } from "lucide-react";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

/** Copies the watch (same criteria, "(copy)" in the name) and opens the copy. */
export function DuplicateButton({ watchId }: { watchId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const duplicate = useMutation(trpc.watches.duplicate.mutationOptions({ onSuccess: (copy) => router.push(`/watches/${copy.id}`) }));
  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={() => duplicate.mutate({ id: watchId })} isBusy={duplicate.isPending}>
        <Copy className="size-4" aria-hidden /> Duplicate
      </Button>
      {duplicate.isError ? <Alert>{duplicate.error.message}</Alert> : null}
    </div>
  );
}
