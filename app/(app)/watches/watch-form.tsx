"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm, useWatch, type FieldErrors, type Resolver } from "react-hook-form";
import { Alert, Button, Card, Field, Input, Select } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { SEGMENTS, watchInput, type WatchInput } from "@/server/api/schemas";
import { EntityPicker } from "./entity-picker";
import { CheckboxGroup, STAGE_OPTIONS, CHANNEL_OPTIONS, WEEKDAY_OPTIONS } from "./watch-form-options";
import { WatchPreview, type PreviewCount } from "./watch-preview";

const CURRENCIES = ["GBP", "EUR", "USD", "CAD", "AUD", "NZD", "MXN", "SEK", "NOK", "DKK", "CHF", "PLN", "CZK"];

export type WatchFormValues = WatchInput;

const emptyToNull = (value: unknown) => (value === "" || value === undefined || (typeof value === "number" && Number.isNaN(value)) ? null : Number(value));
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);


/** Create or edit a watch. Validation is the server's own schema, so messages match exactly. */
export function WatchForm({ initial, watchId, defaultCurrency }: { initial: WatchFormValues; watchId?: string; defaultCurrency?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [serverError, setServerError] = useState<string | null>(null);
  const form = useForm<WatchFormValues>({
    resolver: zodResolver(watchInput) as unknown as Resolver<WatchFormValues>,
    defaultValues: { currency: defaultCurrency ?? "GBP", ...initial },
  });
  const { errors, isSubmitting } = form.formState;
  const values = useWatch({ control: form.control }) as WatchFormValues;
  const [previewCount, setPreviewCount] = useState<PreviewCount>(null);
  const onDone = async (watch: { id: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.watches.list.queryKey() });
    router.push(`/watches/${watch.id}`);
    router.refresh();
  };
  const onError = (error: { message: string }) => setServerError(error.message);
  const create = useMutation(trpc.watches.create.mutationOptions({ onSuccess: onDone, onError }));
  const update = useMutation(trpc.watches.update.mutationOptions({ onSuccess: onDone, onError }));

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    if (watchId) await update.mutateAsync({ id: watchId, patch: values as never }).catch(() => undefined);
    else await create.mutateAsync(values).catch(() => undefined);
  }, () => setServerError("Some fields need your attention; see the messages below."));

  const err = (name: keyof WatchFormValues) => (errors as FieldErrors<Record<string, unknown>>)[name]?.message as string | undefined;
  const numberField = { setValueAs: emptyToNull };
  const textField = { setValueAs: blankToNull };

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      {serverError ? <Alert>{serverError}</Alert> : null}
      <Card className="space-y-4">
        <h2 className="text-lg font-semibold">What to watch</h2>
        <Field id="name" label="Name" hint="For you: shown in alerts and your list." error={err("name")}>
          <Input id="name" placeholder="Arsenal home games" aria-invalid={!!err("name")} {...form.register("name")} />
        </Field>
        <Field id="attractions" label="Teams or artists" hint="Start typing and pick from the list." error={err("attractions")}>
          <Controller control={form.control} name="attractions" render={({ field }) => <EntityPicker id="attractions" kind="attractions" value={field.value ?? []} onChange={field.onChange} placeholder="e.g. Arsenal, Lakers…" invalid={!!err("attractions")} />} />
        </Field>
        <Field id="venues" label="Venues (optional)" error={err("venues")}>
          <Controller control={form.control} name="venues" render={({ field }) => <EntityPicker id="venues" kind="venues" value={field.value ?? []} onChange={field.onChange} placeholder="e.g. Emirates Stadium" />} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="keyword" label="Keyword (optional)" hint="Whole words in the event name." error={err("keyword")}>
            <Input id="keyword" {...form.register("keyword", textField)} />
          </Field>
          <Field id="segment" label="Event type (optional)" error={err("segment")}>
            <Select id="segment" {...form.register("segment", textField)}>
              <option value="">Any type</option>
              {SEGMENTS.map((segment) => <option key={segment}>{segment}</option>)}
            </Select>
          </Field>
        </div>
      </Card>

      <Card className="space-y-4">
        <h2 className="text-lg font-semibold">Where and when</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="city" label="City" error={err("city")}>
            <Input id="city" autoComplete="address-level2" {...form.register("city", textField)} />
          </Field>
          <Field id="countryCode" label="Country code" hint="Two letters, e.g. GB, US, IE." error={err("countryCode")}>
            <Input id="countryCode" maxLength={2} className="uppercase" {...form.register("countryCode", textField)} />
          </Field>
          <Field id="dateFrom" label="From date" error={err("dateFrom")}>
            <Input id="dateFrom" type="date" {...form.register("dateFrom", textField)} />
          </Field>
          <Field id="dateTo" label="To date" error={err("dateTo")}>
            <Input id="dateTo" type="date" aria-invalid={!!err("dateTo")} {...form.register("dateTo", textField)} />
          </Field>
        </div>
        <Controller control={form.control} name="weekdays" render={({ field }) => <CheckboxGroup legend="Only on these days (none = any day)" options={WEEKDAY_OPTIONS} value={field.value ?? []} onChange={field.onChange} error={err("weekdays")} />} />
        <details className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
          <summary className="cursor-pointer font-medium">Near a point instead (optional)</summary>
          <div className="mt-3 grid gap-4 sm:grid-cols-4">
            <Field id="latitude" label="Latitude" error={err("latitude")}><Input id="latitude" inputMode="decimal" {...form.register("latitude", numberField)} /></Field>
            <Field id="longitude" label="Longitude" error={err("longitude")}><Input id="longitude" inputMode="decimal" {...form.register("longitude", numberField)} /></Field>
            <Field id="radius" label="Radius" error={err("radius")}><Input id="radius" inputMode="numeric" {...form.register("radius", numberField)} /></Field>
            <Field id="radiusUnit" label="Unit"><Select id="radiusUnit" {...form.register("radiusUnit")}><option value="km">km</option><option value="miles">miles</option></Select></Field>
          </div>
          <Button type="button" variant="secondary" className="mt-3" onClick={() => navigator.geolocation?.getCurrentPosition((position) => {
            form.setValue("latitude", Math.round(position.coords.latitude * 1e4) / 1e4);
            form.setValue("longitude", Math.round(position.coords.longitude * 1e4) / 1e4);
            if (form.getValues("radius") == null) form.setValue("radius", 50);
          })}>Use my location</Button>
        </details>
      </Card>

      <Card className="space-y-4">
        <h2 className="text-lg font-semibold">Conditions</h2>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="maxPrice" label="Max price per ticket" error={err("maxPrice")}><Input id="maxPrice" inputMode="decimal" aria-invalid={!!err("maxPrice")} {...form.register("maxPrice", numberField)} /></Field>
          <Field id="minPrice" label="Min price" error={err("minPrice")}><Input id="minPrice" inputMode="decimal" {...form.register("minPrice", numberField)} /></Field>
          <Field id="currency" label="Currency" error={err("currency")}>
            <Select id="currency" {...form.register("currency", textField)}>{CURRENCIES.map((code) => <option key={code}>{code}</option>)}</Select>
          </Field>
          <Field id="priceDropPercent" label="Price drop of at least (%)" error={err("priceDropPercent")}><Input id="priceDropPercent" inputMode="numeric" {...form.register("priceDropPercent", numberField)} /></Field>
          <Field id="quantity" label="Tickets together" hint="Checked only where a partner source gives quantities." error={err("quantity")}><Input id="quantity" inputMode="numeric" {...form.register("quantity", numberField)} /></Field>
          <Controller control={form.control} name="sections" render={({ field }) => (
            <Field id="sections" label="Preferred sections" hint="Comma-separated. Checked only with a partner source." error={err("sections")}>
              <Input id="sections" defaultValue={(field.value ?? []).join(", ")} onBlur={(event) => field.onChange(event.target.value.split(",").map((part) => part.trim()).filter(Boolean))} />
            </Field>
          )} />
        </div>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="size-4" {...form.register("isNewLowOnly")} /> Only tell me about a new lowest price</label>
      </Card>

      <Card className="space-y-4">
        <h2 className="text-lg font-semibold">Alerts</h2>
        <Controller control={form.control} name="stages" render={({ field }) => <CheckboxGroup legend="Tell me when" options={STAGE_OPTIONS} value={field.value ?? []} onChange={field.onChange} error={err("stages")} />} />
        <Controller control={form.control} name="channels" render={({ field }) => <CheckboxGroup legend="How" options={CHANNEL_OPTIONS} value={field.value ?? []} onChange={field.onChange} error={err("channels")} />} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="deliveryMode" label="Delivery"><Select id="deliveryMode" {...form.register("deliveryMode")}><option value="instant">Instantly</option><option value="digest">In a digest</option></Select></Field>
          <Controller control={form.control} name="rearm" render={({ field }) => (
            <Field id="rearm" label="Repeat alerts">
              <Select id="rearm" value={field.value?.mode ?? "once"} onChange={(event) => {
                const mode = event.target.value;
                field.onChange(mode === "rearm-after" ? { mode, hours: 24 } : mode === "cooldown" ? { mode, hours: 6 } : { mode });
              }}>
                <option value="once">Once per event and change</option>
                <option value="rearm-after">Again after 24 hours</option>
                <option value="cooldown">At most every 6 hours</option>
                <option value="new-low">Only on a new low price</option>
              </Select>
            </Field>
          )} />
        </div>
      </Card>
      {!watchId ? (
        <Card className="space-y-4">
          <h2 className="text-lg font-semibold">Matching right now</h2>
          <WatchPreview values={values} onCount={setPreviewCount} />
          <fieldset className="space-y-2 text-sm">
            <legend className="font-medium">When the watch starts</legend>
            <label className="flex items-center gap-2"><input type="radio" value="existing" {...form.register("firstRun")} /> {previewCount ? previewCount === 1 ? "Alert me about this event that already matches" : `Alert me about these ${previewCount} events that already match` : "Alert me about events that already match"}</label>
            <label className="flex items-center gap-2"><input type="radio" value="changes" {...form.register("firstRun")} /> Only tell me what changes from now</label>
            {err("firstRun") ? <p role="alert" className="text-xs font-medium text-red-600">{err("firstRun")}</p> : null}
          </fieldset>
        </Card>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={() => router.back()}>Cancel</Button>
        <Button type="submit" isBusy={isSubmitting}>{watchId ? "Save changes" : "Create watch"}</Button>
      </div>
    </form>
  );
}
