"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { ChannelSwitches } from "./channel-switches";
import { PhoneCard } from "./phone-card";
import { PushCard } from "./push-card";
import { TimingForm } from "./timing-form";
import { WebhookCard } from "./webhook-card";

/** The notification part of the settings page (anchor #notifications, linked from every email footer). */
export function NotificationSettings({ email }: { email: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.notifications.settings.queryOptions());
  const phone = useQuery(trpc.notifications.phone.queryOptions());
  const devices = useQuery(trpc.notifications.pushDevices.queryOptions());

  let body;
  if (settings.isPending) body = <Spinner label="Loading notification settings" />;
  else if (settings.isError) {
    body = (
      <Alert>
        Could not load your notification settings: {settings.error.message}{" "}
        <Button variant="inline" onClick={() => void settings.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  } else {
    const number = phone.data?.number ?? null;
    const readiness = {
      email,
      hasVerifiedPhone: Boolean(number?.isVerified && !number.isStopped),
      isPhoneStopped: Boolean(number?.isStopped),
      activeDevices: devices.data?.filter((device) => device.isActive).length ?? 0,
    };
    body = (
      <>
        <ChannelSwitches settings={settings.data} readiness={readiness} />
        <TimingForm settings={settings.data} />
        <PhoneCard settings={settings.data} />
        <PushCard />
        <WebhookCard settings={settings.data} />
      </>
    );
  }

  return (
    <section id="notifications" aria-labelledby="notifications-heading" className="scroll-mt-20 space-y-4">
      <h2 id="notifications-heading" className="text-xl font-semibold">
        Notifications
      </h2>
      {body}
    </section>
  );
}
