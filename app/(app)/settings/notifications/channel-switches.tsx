"use client";

import { useState } from "react";
import { SwitchField } from "@/app/_components/switch";
import { Alert, Card } from "@/app/_components/ui";
import { useUpdateSettings, type SettingsView as Settings } from "./use-settings";

type Switchable = "email" | "sms" | "push" | "webhook";

export interface ChannelReadiness {
  email: string;
  hasVerifiedPhone: boolean;
  isPhoneStopped: boolean;
  activeDevices: number;
}

/** What each channel needs before anything can arrive on it, said next to its switch. */
function explain(channel: Switchable, settings: Settings, ready: ChannelReadiness): string {
  switch (channel) {
    case "email":
      return `Alert emails to ${ready.email}. Off also stops digests; account emails (password resets) still come.`;
    case "sms":
      if (ready.isPhoneStopped) return "Your number replied STOP, so texts are blocked. Text START to us to allow them again.";
      return ready.hasVerifiedPhone
        ? `Texts to your verified number, at most ${settings.sms.perDay} a day on your plan.`
        : "Add and verify a mobile number below first; until then no texts are sent.";
    case "push":
      return ready.activeDevices > 0
        ? `Notifications on ${ready.activeDevices === 1 ? "1 device" : `${ready.activeDevices} devices`} where you enabled push.`
        : "Enable push on a device below first; until then nothing is pushed.";
    case "webhook":
      return settings.webhook ? "Signed JSON posts to your webhook (Discord, Slack or your own endpoint)." : "Save a webhook URL below first.";
  }
}

const LABELS: Record<Switchable, string> = { email: "Email", sms: "Text messages (SMS)", push: "Push notifications", webhook: "Webhook" };

/**
 * Channels on or off for every watch at once. Each watch still picks its own channels; a channel switched off
 * here is off everywhere. Each switch saves at once.
 */
export function ChannelSwitches({ settings, readiness }: { settings: Settings; readiness: ChannelReadiness }) {
  const [pending, setPending] = useState<Switchable | null>(null);
  const update = useUpdateSettings({ onSuccess: () => setPending(null) });

  function toggle(channel: Switchable, isOn: boolean) {
    setPending(channel);
    update.mutate({ channels: { [channel]: isOn } }, { onError: () => setPending(null) });
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Channels</h2>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">
        Where alerts may reach you. Each watch also chooses its channels; switching one off here turns it off for every watch.
      </p>
      {update.isError ? <Alert>Could not save: {update.error.message}</Alert> : null}
      <div className="divide-y divide-slate-200 dark:divide-slate-800">
        {(["email", "sms", "push"] as const).map((channel) => (
          <SwitchField key={channel} id={`channel-${channel}`} className="py-3" label={LABELS[channel]} hint={explain(channel, settings, readiness)} isChecked={settings.channels[channel]} isBusy={pending === channel} onChange={(isOn) => toggle(channel, isOn)} />
        ))}
        <SwitchField id="channel-in-app" className="py-3" label="In the app" hint="Always on: every alert stays in your Alerts inbox, with how it was delivered." isChecked isDisabled onChange={() => undefined} />
        <SwitchField id="channel-webhook" className="py-3" label={LABELS.webhook} hint={explain("webhook", settings, readiness)} isChecked={settings.channels.webhook} isBusy={pending === "webhook"} onChange={(isOn) => toggle("webhook", isOn)} />
      </div>
    </Card>
  );
}
