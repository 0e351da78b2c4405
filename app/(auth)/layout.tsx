import Link from "next/link";
import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-10">
      <Link href="/" className="mb-6 flex items-center gap-2 text-xl font-semibold text-brand-700 dark:text-brand-100">
        <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-brand-600 text-white">S</span>
        Seatwatch
      </Link>
      {children}
      <p className="mt-6 text-center text-xs text-slate-500">
        Alerts from official ticketing APIs. You always buy on the official page, by hand.
      </p>
    </main>
  );
}
