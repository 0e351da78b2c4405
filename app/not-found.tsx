import Link from "next/link";

/** Any address the app does not have. */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="mb-2 text-2xl font-semibold">Page not found</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-300">There is nothing at this address. It may have moved, or the link was mistyped.</p>
      <Link href="/" className="inline-flex min-h-10 items-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Go to Seatwatch
      </Link>
    </main>
  );
}
