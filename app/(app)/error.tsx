"use client";

import { useEffect } from "react";
import { Alert, Button, ButtonLink, Card } from "@/app/_components/ui";

/** A page of the signed-in app that failed to render: says so, offers a retry, keeps the header and navigation. */
export default function SignedInError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.warn("Page failed to render:", error.digest ?? error.message);
  }, [error]);
  return (
    <Card className="space-y-3">
      <h1 className="text-xl font-semibold">This page could not be shown</h1>
      <Alert>Something went wrong on our side while loading it{error.digest ? ` (reference ${error.digest})` : ""}. Your watches and alerts are safe.</Alert>
      <div className="flex flex-wrap gap-2">
        <Button onClick={reset}>Try again</Button>
        <ButtonLink href="/" variant="secondary">Go to the dashboard</ButtonLink>
      </div>
    </Card>
  );
}
