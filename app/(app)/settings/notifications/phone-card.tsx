"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { Alert, Button, Card, Field, Input, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { confirmPhoneInput, startPhoneInput, type ConfirmPhoneInput } from "@/server/api/schemas";
import { useRefreshNotifications, type PhoneView, type SettingsView } from "./use-settings";

const numberForm = startPhoneInput.pick({ phone: true, consent: true });
type NumberValues = { phone: string; consent: boolean };

function formatTime(date: Date) {
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** Step 1: the number and the exact consent text, then "Text me a code". */
function NumberForm({ disclosure, onSent }: { disclosure: PhoneView["disclosure"]; onSent(masked: string): void }) {
  const trpc = useTRPC();
  const form = useForm<NumberValues>({ resolver: zodResolver(numberForm) as unknown as Resolver<NumberValues>, defaultValues: { phone: "", consent: false } });
  const start = useMutation(trpc.notifications.startPhoneVerification.mutationOptions({ onSuccess: (sent) => onSent(sent.masked) }));
  const { errors } = form.formState;
  return (
    <form className="space-y-3" noValidate onSubmit={form.handleSubmit((values) => start.mutate({ phone: values.phone, consent: true, disclosureVersion: disclosure.version }))}>
      {start.isError ? <Alert>{start.error.message}</Alert> : null}
      <Field id="phone" label="Mobile number" hint="International format with the country code, e.g. +44 7700 900123. We text a 6-digit code to check it is yours." error={errors.phone?.message}>
        <Input id="phone" type="tel" autoComplete="tel" inputMode="tel" placeholder="+44 7700 900123" {...form.register("phone")} />
      </Field>
      <div className="space-y-1">
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" aria-describedby={errors.consent ? "consent-error" : undefined} aria-invalid={errors.consent ? true : undefined} {...form.register("consent")} />
          <span>{disclosure.text}</span>
        </label>
        {errors.consent ? (
          <p id="consent-error" role="alert" className="text-xs font-medium text-red-600 dark:text-red-400">
            {errors.consent.message}
          </p>
        ) : null}
      </div>
      <Button type="submit" isBusy={start.isPending}>
        Text me a code
      </Button>
    </form>
  );
}

/** Step 2: the code from the text; wrong, expired and locked codes each say so. */
function CodeForm({ masked, expiresAt, onVerified, onRestart }: { masked: string; expiresAt: Date | null; onVerified(): void; onRestart(): void }) {
  const trpc = useTRPC();
  const form = useForm<ConfirmPhoneInput>({ resolver: zodResolver(confirmPhoneInput) as unknown as Resolver<ConfirmPhoneInput>, defaultValues: { code: "" } });
  const confirm = useMutation(trpc.notifications.confirmPhone.mutationOptions({ onSuccess: onVerified }));
  const { errors } = form.formState;
  return (
    <form className="space-y-3" noValidate onSubmit={form.handleSubmit((values) => confirm.mutate(values))}>
      <p className="text-sm">
        We texted a code to <span className="font-medium">{masked}</span>
        {expiresAt ? <>; it works until {formatTime(expiresAt)}</> : null}.
      </p>
      {confirm.isError ? <Alert>{confirm.error.message}</Alert> : null}
      <Field id="code" label="Code from the text" hint="6 digits. Five wrong tries lock the code; then ask for a new one." error={errors.code?.message}>
        <Input id="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} className="sm:max-w-40" {...form.register("code")} />
      </Field>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button type="submit" isBusy={confirm.isPending}>
          Verify number
        </Button>
        <Button type="button" variant="secondary" onClick={onRestart}>
          Send a new code or use another number
        </Button>
      </div>
    </form>
  );
}

/** Texts the development outbox holds for the fan's number (no SMS vendor; shut when SEATWATCH_DEV_MAILBOX is off). */
function DevTexts({ hasNumber }: { hasNumber: boolean }) {
  const trpc = useTRPC();
  const texts = useQuery({ ...trpc.notifications.devTexts.queryOptions(), enabled: hasNumber, retry: false, refetchInterval: 5_000 });
  // Refused while the development mailbox is off: nothing to show.
  if (!hasNumber || texts.isError || !texts.data?.length) return null;
  return (
    <section aria-labelledby="dev-texts" className="rounded-lg border border-dashed border-slate-300 p-3 dark:border-slate-700">
      <h3 id="dev-texts" className="text-sm font-medium">
        Development outbox: texts to your number
      </h3>
      <p className="mb-2 text-xs text-slate-500">No SMS service is configured, so texts are kept here instead of being sent.</p>
      <ul className="space-y-1 text-sm">
        {texts.data.slice(0, 5).map((text) => (
          <li key={text.id} className="break-words">
            <time className="text-xs text-slate-500" dateTime={text.createdAt.toISOString()}>
              {formatTime(text.createdAt)}
            </time>{" "}
            {text.body}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Mobile number: entry → code → verified; the tier's daily text allowance; remove. */
export function PhoneCard({ settings }: { settings: SettingsView }) {
  const trpc = useTRPC();
  const refresh = useRefreshNotifications();
  const phone = useQuery(trpc.notifications.phone.queryOptions());
  const [isRestarting, setIsRestarting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useMutation(trpc.notifications.removePhone.mutationOptions({ onSuccess: () => refresh() }));
  const { sms } = settings;

  let body;
  if (phone.isPending) body = <Spinner label="Loading your number" />;
  else if (phone.isError) body = <Alert>Could not load your number: {phone.error.message}</Alert>;
  else {
    const number = phone.data.number;
    const isAwaitingCode = number && !number.isVerified && number.codeExpiresAt !== null && !isRestarting;
    if (number?.isVerified && !isRestarting) {
      body = (
        <div className="space-y-3">
          <p className="text-sm">
            <span className="font-medium">{number.masked}</span> is verified.{" "}
            {number.isStopped ? "It replied STOP, so no texts are sent until you text START to us." : "Alerts from watches with SMS on are texted here."}
          </p>
          {remove.isError ? <Alert>{remove.error.message}</Alert> : null}
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button variant="secondary" onClick={() => setIsRestarting(true)}>
              Use another number
            </Button>
            <Button variant="danger" isBusy={remove.isPending} onClick={() => remove.mutate()}>
              Remove number
            </Button>
          </div>
        </div>
      );
    } else if (isAwaitingCode) {
      body = (
        <CodeForm
          masked={number.masked}
          expiresAt={number.codeExpiresAt}
          onVerified={() => {
            setNotice("Number verified. Texts can now reach you.");
            void refresh();
          }}
          onRestart={() => setIsRestarting(true)}
        />
      );
    } else {
      body = (
        <NumberForm
          disclosure={phone.data.disclosure}
          onSent={(masked) => {
            setIsRestarting(false);
            setNotice(`Code sent to ${masked}.`);
            void refresh();
          }}
        />
      );
    }
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Text messages</h2>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">
        Your {sms.tier} plan allows {sms.perDay} alert texts a day; {sms.sentToday} sent today. Past the limit, alerts still reach your other channels.
      </p>
      <div className="space-y-3">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {body}
        <DevTexts hasNumber={Boolean(phone.data?.number)} />
      </div>
    </Card>
  );
}
