"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { z } from "zod";
import { Alert, Button, Card, Field, Input } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { setWebhookInput } from "@/server/api/schemas";
import { useRefreshNotifications, type SettingsView } from "./use-settings";

const urlForm = z.object({ url: setWebhookInput.shape.url.unwrap() });
type UrlValues = z.infer<typeof urlForm>;

/** A webhook URL (Discord, Slack or the fan's own), its signing secret shown once, and a test send. */
export function WebhookCard({ settings }: { settings: SettingsView }) {
  const trpc = useTRPC();
  const refresh = useRefreshNotifications();
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<UrlValues>({ resolver: zodResolver(urlForm) as unknown as Resolver<UrlValues>, defaultValues: { url: settings.webhook?.url ?? "" } });
  const save = useMutation(
    trpc.notifications.setWebhook.mutationOptions({
      onSuccess: (saved) => {
        setSecret(saved.secret);
        if (saved.url === null) form.reset({ url: "" });
        void refresh();
      },
    }),
  );
  const test = useMutation(trpc.notifications.testWebhook.mutationOptions());
  const { errors } = form.formState;

  return (
    <Card>
      <h2 className="text-lg font-semibold">Webhook</h2>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">
        Post alerts to a Discord or Slack channel (paste its incoming-webhook URL) or to your own endpoint as signed JSON.
      </p>
      <form
        className="space-y-3"
        noValidate
        onSubmit={form.handleSubmit((values) => {
          test.reset();
          save.mutate({ url: values.url });
        })}
      >
        {save.isError ? <Alert>{save.error.message}</Alert> : null}
        <Field
          id="webhookUrl"
          label="Webhook URL"
          hint="Must be a public https address: private and local ones (localhost, 127.0.0.1, 10.x, 192.168.x, cloud metadata) are refused."
          error={errors.url?.message}
        >
          <Input id="webhookUrl" type="url" inputMode="url" placeholder="https://discord.com/api/webhooks/…" {...form.register("url")} />
        </Field>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Button type="submit" isBusy={save.isPending && save.variables?.url !== null}>
            {settings.webhook ? "Save new URL" : "Save webhook"}
          </Button>
          {settings.webhook ? (
            <>
              <Button type="button" variant="secondary" isBusy={test.isPending} onClick={() => test.mutate()}>
                Send a test message
              </Button>
              <Button type="button" variant="danger" isBusy={save.isPending && save.variables?.url === null} onClick={() => save.mutate({ url: null })}>
                Remove webhook
              </Button>
            </>
          ) : null}
        </div>
      </form>
      <div className="mt-3 space-y-3">
        {secret ? (
          <Alert tone="info">
            <p className="font-medium">Signing secret (shown only now, copy it):</p>
            <code className="block break-all font-mono text-xs">{secret}</code>
            <p className="mt-1 text-xs">
              Each post carries <code>X-Seatwatch-Signature: sha256=HMAC(secret, timestamp + &quot;.&quot; + body)</code> and <code>X-Seatwatch-Timestamp</code>; check both to know it came from us.
              Saving a URL again makes a new secret.
            </p>
          </Alert>
        ) : null}
        {save.isSuccess && save.variables?.url === null ? <Alert tone="success">Webhook removed.</Alert> : null}
        {test.isError ? <Alert>{test.error.message}</Alert> : null}
        {test.data ? <Alert tone={test.data.isDelivered ? "success" : "error"}>{test.data.message}</Alert> : null}
      </div>
    </Card>
  );
}
