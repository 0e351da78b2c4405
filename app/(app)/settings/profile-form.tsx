"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { Alert, Button, Card, Field, Input, Select } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { updateProfileInput, type UpdateProfileInput } from "@/server/api/schemas";

export function ProfileForm({ profile }: { profile: { name: string; timeZone: string; homeCity: string | null; homeCountry: string | null } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => ["UTC", ...Intl.supportedValuesOf("timeZone")], []);
  const form = useForm<UpdateProfileInput>({
    resolver: zodResolver(updateProfileInput) as unknown as Resolver<UpdateProfileInput>,
    defaultValues: { name: profile.name, timeZone: profile.timeZone, homeCity: profile.homeCity ?? "", homeCountry: profile.homeCountry ?? "" },
  });
  const queryClient = useQueryClient();
  const update = useMutation(trpc.profile.update.mutationOptions({ onSuccess: () => { setSaved(true); router.refresh(); void queryClient.invalidateQueries({ queryKey: trpc.notifications.settings.queryKey() }); } }));
  // The notification settings save the same time zone: follow it when the page's data refreshes.
  const { resetField } = form;
  useEffect(() => resetField("timeZone", { defaultValue: profile.timeZone }), [resetField, profile.timeZone]);
  const { errors } = form.formState;

  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">Profile</h2>
      <form className="grid gap-4 sm:grid-cols-2" noValidate onSubmit={form.handleSubmit((values) => { setSaved(false); update.mutate(values); })}>
        {update.isError ? <div className="sm:col-span-2"><Alert>{update.error.message}</Alert></div> : null}
        {saved ? <div className="sm:col-span-2"><Alert tone="success">Saved.</Alert></div> : null}
        <Field id="name" label="Display name" error={errors.name?.message}><Input id="name" autoComplete="name" {...form.register("name")} /></Field>
        <Field id="timeZone" label="Time zone" hint="Used for quiet hours and the dates in your alerts." error={errors.timeZone?.message}>
          <Select id="timeZone" {...form.register("timeZone")}>{zones.map((zone) => <option key={zone}>{zone}</option>)}</Select>
        </Field>
        <Field id="homeCity" label="Home city" error={errors.homeCity?.message}><Input id="homeCity" autoComplete="address-level2" {...form.register("homeCity")} /></Field>
        <Field id="homeCountry" label="Home country code" hint="Two letters, e.g. GB." error={errors.homeCountry?.message}><Input id="homeCountry" maxLength={2} className="uppercase" {...form.register("homeCountry")} /></Field>
        <div className="sm:col-span-2"><Button type="submit" isBusy={update.isPending}>Save profile</Button></div>
      </form>
    </Card>
  );
}
