"use client";

import { Switch as RadixSwitch } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "./ui";

export interface SwitchFieldProps {
  id: string;
  label: string;
  /** What turning it on or off does, shown under the label and read with the control. */
  hint?: ReactNode;
  isChecked: boolean;
  onChange(isChecked: boolean): void;
  isDisabled?: boolean;
  isBusy?: boolean;
  className?: string;
}

/** An on/off switch (Radix, role="switch") with its label and explanation beside it; wraps at 360 px. */
export function SwitchField({ id, label, hint, isChecked, onChange, isDisabled, isBusy, className }: SwitchFieldProps) {
  return (
    <div className={cn("flex items-start justify-between gap-3", className)}>
      <div className="min-w-0">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
            {hint}
          </p>
        ) : null}
      </div>
      <RadixSwitch.Root
        id={id}
        checked={isChecked}
        onCheckedChange={onChange}
        disabled={isDisabled || isBusy}
        aria-busy={isBusy || undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="relative mt-0.5 inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full bg-slate-300 transition-colors disabled:cursor-not-allowed disabled:opacity-60 data-[state=checked]:bg-brand-600 dark:bg-slate-700"
      >
        <RadixSwitch.Thumb className="block size-5 translate-x-0.5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-[1.375rem]" />
      </RadixSwitch.Root>
    </div>
  );
}
