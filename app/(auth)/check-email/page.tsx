import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/ui";
import { getServerApi } from "@/server/api/server-caller";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams;
  const info = await (await getServerApi()).meta.info();
  return (
    <Card>
      <h1 className="mb-2 text-xl font-semibold">Check your email</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        We sent a confirmation link to <strong>{email ?? "your address"}</strong>. Open it to finish signing up; it works for 24 hours.
      </p>
      {info.devMailbox === "open" ? (
        <p className="mt-4 rounded-lg bg-brand-50 p-3 text-sm text-brand-700 dark:bg-slate-800 dark:text-slate-200">
          No email provider is configured here, so the message is kept in the{" "}
          <Link className="font-medium underline" href="/dev/mailbox">
            development mailbox
          </Link>
          .
        </p>
      ) : null}
      <p className="mt-4 text-sm">
        <Link className="text-brand-600 hover:underline" href="/sign-in">
          Back to sign in
        </Link>
      </p>
    </Card>
  );
}
