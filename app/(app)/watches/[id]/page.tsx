import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getServerApi } from "@/server/api/server-caller";
import { AlertList } from "../../alerts/alert-list";
import { WatchForm } from "../watch-form";
import { MatchedEvents } from "./matched-events";
import { WatchActions } from "./watch-actions";
import { WatchHealth } from "./watch-health";

export const metadata: Metadata = { title: "Watch" };

export default async function WatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await getServerApi();
  const watch = await api.watches.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const { id: _id, userId: _userId, createdAt, updatedAt: _updatedAt, isPaused, ...values } = watch;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold break-words">{watch.name}</h1>
          <p className="text-sm text-slate-500">
            Created {createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}
            {isPaused ? " · paused" : ""}
          </p>
        </div>
        <WatchActions watchId={id} watchName={watch.name} isPaused={isPaused} />
      </div>
      <WatchHealth watchId={id} />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Matched events</h2>
        <p className="text-xs text-slate-500">“I bought it” stops alerts for that event on this watch; a snooze holds them until the date you pick. Both can be undone.</p>
        <MatchedEvents watchId={id} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Alerts from this watch</h2>
        <AlertList watchId={id} limit={20} isCompact />
      </section>
      <details className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <summary className="cursor-pointer font-medium">Edit this watch</summary>
        <div className="mt-4">
          <WatchForm watchId={id} initial={values} />
        </div>
      </details>
    </div>
  );
}
