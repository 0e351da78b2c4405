import type { inferRouterOutputs } from "@trpc/server";
import { cn } from "@/app/_components/ui";
import type { AppRouter } from "@/server/api/root";

type Statuses = inferRouterOutputs<AppRouter>["notifications"]["deliveryStatuses"];
export type ChannelStatus = Statuses[string][number];

const CHANNEL_NAMES: Record<ChannelStatus["channel"], string> = { email: "Email", sms: "SMS", push: "Push", webhook: "Webhook" };

const TONES: Record<ChannelStatus["view"]["state"], string> = {
  queued: "text-slate-700 dark:text-slate-200",
  sending: "text-slate-700 dark:text-slate-200",
  sent: "text-green-700 dark:text-green-400",
  kept: "text-amber-700 dark:text-amber-400",
  opened: "text-green-700 dark:text-green-400",
  delivered: "text-green-700 dark:text-green-400",
  failed: "text-red-700 dark:text-red-400",
  "held-quiet-hours": "text-amber-700 dark:text-amber-400",
  "held-digest": "text-amber-700 dark:text-amber-400",
  "waiting-escalation": "text-amber-700 dark:text-amber-400",
  "not-sent": "text-slate-500 dark:text-slate-400",
};

/** "until 07:00", "at 14:05": the time that matters for this state, in the reader's own clock. */
function describeTime(view: ChannelStatus["view"]): string | null {
  if (!view.at) return null;
  const sameDay = view.at.toDateString() === new Date().toDateString();
  const time = view.at.toLocaleString(undefined, sameDay ? { hour: "2-digit", minute: "2-digit" } : { weekday: "short", hour: "2-digit", minute: "2-digit" });
  switch (view.state) {
    case "held-quiet-hours":
    case "held-digest":
      return `goes out ${time}`;
    case "waiting-escalation":
      return `text at ${time} unless opened`;
    case "queued":
      return `next try ${time}`;
    default:
      return time;
  }
}

/** Per channel, how one alert went out: queued, sent, delivered, failed (and why), held, or not sent (and why). */
export function DeliveryStatusList({ statuses }: { statuses: readonly ChannelStatus[] }) {
  const pushCount = statuses.filter((status) => status.channel === "push").length;
  let pushIndex = 0;
  return (
    <ul aria-label="Delivery by channel" className="mt-2 space-y-0.5 text-xs">
      {statuses.map((status) => {
        const name = status.channel === "push" && pushCount > 1 ? `Push (device ${++pushIndex})` : CHANNEL_NAMES[status.channel];
        const when = describeTime(status.view);
        return (
          <li key={status.id} className="break-words">
            <span className="font-medium">{name}</span>
            {status.destination ? <span className="text-slate-500"> to {status.destination}</span> : null}
            {": "}
            <span className={cn("font-medium", TONES[status.view.state])}>{status.view.label}</span>
            {when ? <span className="text-slate-500"> ({when})</span> : null}
            {status.view.reason ? <span className="text-slate-600 dark:text-slate-300"> · {status.view.reason}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
