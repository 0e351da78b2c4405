"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { PushToggle } from "@/app/_components/push-toggle";
import { Alert, Button, Card, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { useRefreshNotifications } from "./use-settings";

/** "Chrome on Android" from a user agent, enough to tell devices apart. */
function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "A browser";
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrome\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : "A browser";
  const system = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Mac OS X/.test(userAgent) ? "macOS" : /Windows/.test(userAgent) ? "Windows" : /Linux/.test(userAgent) ? "Linux" : null;
  return system ? `${browser} on ${system}` : browser;
}

/** Push: turn it on for this device, and see (and remove) every device that gets pushes. */
export function PushCard() {
  const trpc = useTRPC();
  const refresh = useRefreshNotifications();
  const devices = useQuery(trpc.notifications.pushDevices.queryOptions());
  const remove = useMutation(trpc.notifications.removePushDevice.mutationOptions({ onSuccess: () => refresh() }));
  const active = devices.data?.filter((device) => device.isActive) ?? [];

  return (
    <Card>
      <h2 className="text-lg font-semibold">Push notifications</h2>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">Notifications on your phone or computer, even with Seatwatch closed. Turn them on per device.</p>
      <PushToggle onChange={() => void refresh()} />
      <h3 className="mt-5 text-sm font-medium">Devices that get pushes</h3>
      {devices.isPending ? <Spinner label="Loading devices" /> : null}
      {devices.isError ? <Alert>Could not load devices: {devices.error.message}</Alert> : null}
      {devices.isSuccess && active.length === 0 ? <p className="text-sm text-slate-500">None yet. Enable push on this device above, and on any other device you use.</p> : null}
      {remove.isError ? <Alert>{remove.error.message}</Alert> : null}
      {active.length > 0 ? (
        <ul className="mt-2 divide-y divide-slate-200 dark:divide-slate-800">
          {active.map((device) => (
            <li key={device.id} className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center sm:justify-between">
              <div className="text-sm">
                <p className="font-medium">{describeDevice(device.userAgent)}</p>
                <p className="text-xs text-slate-500">
                  Added {device.createdAt.toLocaleDateString()}
                  {device.lastSuccessAt ? `, last push ${device.lastSuccessAt.toLocaleString()}` : ", no push yet"}
                </p>
              </div>
              <Button variant="secondary" isBusy={remove.isPending && remove.variables?.id === device.id} onClick={() => remove.mutate({ id: device.id })} aria-label={`Remove ${describeDevice(device.userAgent)} added ${device.createdAt.toLocaleDateString()}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
