"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink } from "lucide-react";
import Link from "next/link";
import { useEffect } from "react";
import { Alert, Button, Card, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { DeliveryStatusList } from "./delivery-status";

function formatAgo(date: Date) {
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return date.toLocaleDateString("en-GB", { dateStyle: "medium" });
}

/**
 * The fan's alerts, newest first, refreshed every few seconds; each links to the official event page. The full
 * list also shows how each alert went out on every channel; `focusAlertId` (from a notification's link) is marked.
 */
export function AlertList({ watchId, limit = 30, isCompact = false, focusAlertId }: { watchId?: string; limit?: number; isCompact?: boolean; focusAlertId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.alerts.list.queryOptions({ watchId, limit }), refetchInterval: 10_000 });
  const alertIds = list.data?.map((alert) => alert.id) ?? [];
  const statuses = useQuery({ ...trpc.notifications.deliveryStatuses.queryOptions({ alertIds }), enabled: !isCompact && alertIds.length > 0, refetchInterval: 10_000 });
  const hasLoaded = list.isSuccess;
  useEffect(() => {
    if (hasLoaded && focusAlertId) document.getElementById(`alert-${focusAlertId}`)?.scrollIntoView({ block: "start" });
  }, [hasLoaded, focusAlertId]);
  const markRead = useMutation(
    trpc.alerts.markRead.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.alerts.unreadCount.queryKey() })]),
    }),
  );

  if (list.isPending) return <Spinner label="Loading alerts" />;
  if (list.isError) return <Alert>Could not load alerts: {list.error.message}</Alert>;
  if (list.data.length === 0) {
    return <p className="text-sm text-slate-500">No alerts yet. When something you watch changes, it shows up here (and on the channels you chose).</p>;
  }
  const unread = list.data.filter((alert) => !alert.readAt).map((alert) => alert.id);
  return (
    <div className="space-y-2">
      {!isCompact && unread.length ? (
        <div className="flex justify-end">
          <Button variant="secondary" onClick={() => markRead.mutate({ ids: unread })} isBusy={markRead.isPending}>
            Mark {unread.length} as read
          </Button>
        </div>
      ) : null}
      <ul className="space-y-2">
        {list.data.map((alert) => (
          <li key={alert.id} id={`alert-${alert.id}`} aria-current={alert.id === focusAlertId ? "true" : undefined} className="scroll-mt-20">
            <Card className={`p-4 ${alert.readAt ? "" : "border-l-4 border-l-brand-500"} ${alert.id === focusAlertId ? "ring-2 ring-brand-500" : ""}`}>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0">
                  <p className="font-medium">
                    {!alert.readAt ? <span className="sr-only">Unread: </span> : null}
                    {alert.title}
                  </p>
                  <p className="text-sm text-slate-600 dark:text-slate-300">{alert.body}</p>
                  <p className="mt-1 text-xs text-slate-500">
                    <time dateTime={alert.createdAt.toISOString()}>{formatAgo(alert.createdAt)}</time>
                    {!watchId ? (
                      <>
                        {" · "}
                        <Link className="underline" href={`/watches/${alert.watchId}`}>
                          watch
                        </Link>
                      </>
                    ) : null}
                  </p>
                  {!isCompact ? <AlertDeliveries statuses={statuses.data?.[alert.id]} isLoading={statuses.isPending && statuses.fetchStatus !== "idle"} isError={statuses.isError} /> : null}
                </div>
                {alert.url ? (
                  <a href={alert.url} target="_blank" rel="noopener noreferrer" onClick={() => !alert.readAt && markRead.mutate({ ids: [alert.id] })} className="inline-flex shrink-0 items-center gap-1 text-sm font-medium text-brand-600 hover:underline">
                    Official page <ExternalLink className="size-4" aria-hidden />
                  </a>
                ) : null}
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}

function AlertDeliveries({ statuses, isLoading, isError }: { statuses: Parameters<typeof DeliveryStatusList>[0]["statuses"] | undefined; isLoading: boolean; isError: boolean }) {
  if (isLoading) return <p className="mt-2 text-xs text-slate-500">Loading delivery status…</p>;
  if (isError) return <p className="mt-2 text-xs text-red-700 dark:text-red-400">Could not load how this alert was delivered.</p>;
  if (!statuses?.length) return <p className="mt-2 text-xs text-slate-500">In your inbox only (no other channel was chosen for this watch).</p>;
  return <DeliveryStatusList statuses={statuses} />;
}
