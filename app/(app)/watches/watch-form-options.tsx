"use client";

export const STAGE_OPTIONS = [
  { value: "announced", label: "A new event is announced" },
  { value: "sale-scheduled", label: "A presale or on-sale is scheduled" },
  { value: "sale-reminder", label: "Reminders before a sale starts" },
  { value: "on-sale", label: "Tickets go on sale" },
  { value: "price", label: "The price drops or falls under my max" },
  { value: "status", label: "Postponed, rescheduled or cancelled" },
  { value: "sections", label: "My sections become available (partner source)" },
] as const;

export const CHANNEL_OPTIONS = [
  { value: "in-app", label: "In the app" },
  { value: "email", label: "Email" },
  { value: "push", label: "Push on this device" },
  { value: "sms", label: "SMS" },
  { value: "webhook", label: "Webhook" },
] as const;

export const WEEKDAY_OPTIONS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((label, index) => ({ value: index + 1, label }));

export function CheckboxGroup<T extends string | number>({ legend, options, value, onChange, error }: { legend: string; options: readonly { value: T; label: string }[]; value: readonly T[]; onChange: (next: T[]) => void; error?: string }) {
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {options.map((option) => {
          const isChecked = value.includes(option.value);
          return (
            <label key={String(option.value)} className={`flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm ${isChecked ? "border-brand-500 bg-brand-50 dark:bg-slate-800" : "border-slate-300 dark:border-slate-700"}`}>
              <input type="checkbox" className="size-4" checked={isChecked} onChange={() => onChange(isChecked ? value.filter((item) => item !== option.value) : [...value, option.value])} />
              {option.label}
            </label>
          );
        })}
      </div>
      {error ? <p role="alert" className="mt-1 text-xs font-medium text-red-600">{error}</p> : null}
    </fieldset>
  );
}
