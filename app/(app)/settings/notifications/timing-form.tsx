"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { z } from "zod";
import { Alert, Button, Card, Field, Input, Select } from "@/app/_components/ui";
import { updateSettingsInput, type UpdateSettingsInput } from "@/server/api/schemas";
import { useUpdateSettings, type SettingsView } from "./use-settings";

const shape = updateSettingsInput.shape;
/** The server's own quiet-hours rule (valid times, start ≠ end), checked only while quiet hours are on. */
const quietHoursRule = shape.quietHours.unwrap().unwrap();

const timingForm = z
  .object({
    deliveryMode: shape.deliveryMode.unwrap(),
    digestFrequency: shape.digestFrequency.unwrap(),
    dailyDigestAt: shape.dailyDigestAt.unwrap(),
    hasQuietHours: z.boolean(),
    quietHours: z.object({ start: z.string(), end: z.string() }),
    timeZone: shape.timeZone.unwrap(),
    imminentWithinMinutes: shape.imminentWithinMinutes.unwrap(),
    escalation: shape.escalation.unwrap(),
  })
  .superRefine((values, ctx) => {
    if (!values.hasQuietHours) return;
    const checked = quietHoursRule.safeParse(values.quietHours);
    for (const issue of checked.success ? [] : checked.error.issues) ctx.addIssue({ code: "custom", path: ["quietHours", ...issue.path.map(String)], message: issue.message });
  });
type TimingValues = z.infer<typeof timingForm>;

function toInput(values: TimingValues): UpdateSettingsInput {
  const { hasQuietHours, quietHours, ...rest } = values;
  return { ...rest, quietHours: hasQuietHours ? quietHours : null };
}

/** This device's zone, when the browser knows one we know. */
function readBrowserZone(zones: readonly string[]): string | null {
  const zone = typeof Intl === "undefined" ? null : Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && zones.includes(zone) ? zone : null;
}

/**
 * When alerts go out: at once or in a digest, quiet hours in the fan's time zone (held alerts arrive as one
 * morning digest), the "on sale within N minutes" override, and escalation from push to SMS.
 */
export function TimingForm({ settings }: { settings: SettingsView }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => ["UTC", ...Intl.supportedValuesOf("timeZone")], []);
  const browserZone = useMemo(() => readBrowserZone(zones), [zones]);
  // Until the fan saves once, suggest the zone this device is in rather than the account's default (UTC).
  const isZoneSuggested = !settings.isSaved && settings.timeZone === "UTC" && browserZone !== null && browserZone !== "UTC";
  const form = useForm<TimingValues>({
    resolver: zodResolver(timingForm) as unknown as Resolver<TimingValues>,
    defaultValues: {
      deliveryMode: settings.deliveryMode,
      digestFrequency: settings.digestFrequency,
      dailyDigestAt: settings.dailyDigestAt,
      hasQuietHours: settings.quietHours !== null,
      quietHours: settings.quietHours ?? { start: "22:00", end: "07:00" },
      timeZone: isZoneSuggested ? browserZone : settings.timeZone,
      imminentWithinMinutes: settings.imminentWithinMinutes,
      escalation: settings.escalation,
    },
  });
  const update = useUpdateSettings({
    onSuccess: () => {
      setSaved(true);
      // The profile's time zone is the same value: let the server-rendered parts catch up.
      router.refresh();
    },
  });
  const { errors } = form.formState;
  const [deliveryMode, digestFrequency, hasQuietHours, isEscalating] = form.watch(["deliveryMode", "digestFrequency", "hasQuietHours", "escalation.isOptedIn"]);

  return (
    <Card>
      <h2 className="text-lg font-semibold">When alerts arrive</h2>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">Timing for every watch. A sale about to open always gets through at once.</p>
      <form
        className="grid gap-5"
        noValidate
        onSubmit={form.handleSubmit((values) => {
          setSaved(false);
          update.mutate(toInput(values));
        })}
      >
        {update.isError ? <Alert>Could not save: {update.error.message}</Alert> : null}

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Delivery</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" value="instant" className="mt-1" {...form.register("deliveryMode")} />
            <span>
              <span className="font-medium">Instant</span>
              <span className="block text-xs text-slate-500 dark:text-slate-400">Each alert goes out as it happens (a watch set to digest still waits for the digest).</span>
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" value="digest" className="mt-1" {...form.register("deliveryMode")} />
            <span>
              <span className="font-medium">Digest everything</span>
              <span className="block text-xs text-slate-500 dark:text-slate-400">Non-urgent alerts from every watch wait and arrive together, one message per channel.</span>
            </span>
          </label>
        </fieldset>

        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="digestFrequency" label="Digest frequency" hint="How often a digest goes out, for digest watches and everything held." error={errors.digestFrequency?.message}>
            <Select id="digestFrequency" {...form.register("digestFrequency")}>
              <option value="hourly">Hourly</option>
              <option value="daily">Daily</option>
            </Select>
          </Field>
          {digestFrequency === "daily" ? (
            <Field id="dailyDigestAt" label="Daily digest time" hint="Local time the daily digest goes out." error={errors.dailyDigestAt?.message}>
              <Input id="dailyDigestAt" type="time" {...form.register("dailyDigestAt")} />
            </Field>
          ) : null}
        </div>
        {deliveryMode === "digest" ? null : <p className="-mt-3 text-xs text-slate-500 dark:text-slate-400">The digest settings apply to watches set to digest and to alerts held by quiet hours.</p>}

        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Quiet hours</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-1" {...form.register("hasQuietHours")} />
            <span>
              Hold alerts during quiet hours
              <span className="block text-xs text-slate-500 dark:text-slate-400">Checking goes on; what arrives overnight waits and comes as one digest when quiet hours end.</span>
            </span>
          </label>
          <div className="grid gap-4 sm:grid-cols-3">
            {hasQuietHours ? (
              <>
                <Field id="quietStart" label="Quiet from" hint="When holding starts, e.g. 22:00 (10 pm)." error={errors.quietHours?.start?.message}>
                  <Input id="quietStart" type="time" {...form.register("quietHours.start")} />
                </Field>
                <Field id="quietEnd" label="Quiet until" hint="May be the next morning." error={errors.quietHours?.end?.message}>
                  <Input id="quietEnd" type="time" {...form.register("quietHours.end")} />
                </Field>
              </>
            ) : null}
            <Field
              id="quietZone"
              label="Your zone"
              hint={isZoneSuggested ? `Suggested from this device (${browserZone}); saving sets it on your profile too.` : "Quiet hours and digest times are read in this zone (it is your profile's)."}
              error={errors.timeZone?.message}
            >
              <Select id="quietZone" {...form.register("timeZone")}>
                {zones.map((zone) => (
                  <option key={zone}>{zone}</option>
                ))}
              </Select>
            </Field>
          </div>
        </fieldset>

        <Field
          id="imminentWithinMinutes"
          label="Let through a sale opening within (minutes)"
          hint="An on-sale or presale this close (before or after it opens) skips quiet hours and digests. 5 to 240."
          error={errors.imminentWithinMinutes?.message}
        >
          <Input id="imminentWithinMinutes" type="number" inputMode="numeric" min={5} max={240} className="sm:max-w-40" {...form.register("imminentWithinMinutes", { valueAsNumber: true })} />
        </Field>

        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Escalation for urgent alerts</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-1" {...form.register("escalation.isOptedIn")} />
            <span>
              Push first, then text me if I miss it
              <span className="block text-xs text-slate-500 dark:text-slate-400">
                For a sale about to open on a watch with push and SMS: the push goes first; a text follows only if the push fails or you do not open it in time. Never both twice.
              </span>
            </span>
          </label>
          {isEscalating ? (
            <Field id="escalationAfterMinutes" label="Text me if not opened within (minutes)" hint="2 to 120." error={errors.escalation?.afterMinutes?.message}>
              <Input id="escalationAfterMinutes" type="number" inputMode="numeric" min={2} max={120} className="sm:max-w-40" {...form.register("escalation.afterMinutes", { valueAsNumber: true })} />
            </Field>
          ) : null}
        </fieldset>

        <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
          <Button type="submit" isBusy={update.isPending}>
            Save notification settings
          </Button>
          {saved && !update.isPending ? <Alert tone="success">Notification settings stored: they apply to the next alert</Alert> : null}
        </div>
      </form>
    </Card>
  );
}
