import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getServerApi } from "@/server/api/server-caller";
import { WatchForm } from "../watch-form";

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
      <div>
        <h1 className="text-2xl font-semibold">{watch.name}</h1>
        <p className="text-sm text-slate-500">
          Created {createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}
          {isPaused ? " · paused" : ""}
        </p>
      </div>
      <WatchForm watchId={id} initial={values} />
    </div>
  );
}
