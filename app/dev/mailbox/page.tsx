import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card } from "@/app/_components/ui";
import { getServerApi } from "@/server/api/server-caller";

export const metadata: Metadata = { title: "Development mailbox" };
export const dynamic = "force-dynamic";

/** Turns URLs in a plain-text email into links, so verification and reset links can be followed. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return (
    <p className="whitespace-pre-wrap break-words text-sm">
      {parts.map((part, index) =>
        /^https?:\/\//.test(part) ? (
          <a key={index} href={part} className="text-brand-600 underline">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </p>
  );
}

/** Why the mailbox shows nothing to this visitor, by SEATWATCH_DEV_MAILBOX (docs/operations.md). */
const CLOSED: Record<"off" | "own", string> = {
  off: "The development mailbox is off. Emails Seatwatch could not send (no email provider is configured) are kept in the database; the operator can show them here with SEATWATCH_DEV_MAILBOX=own (each fan reads the emails sent to them) or open (everyone reads all of them: only on your own machine).",
  own: "Sign in to read the emails sent to you.",
};

export default async function MailboxPage() {
  const api = await getServerApi();
  const { devMailbox, viewer } = await api.meta.info();
  const mails = await api.dev.mailbox({ limit: 50 }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "FORBIDDEN" || error.code === "UNAUTHORIZED")) return null;
    throw error;
  });
  const isOwnOnly = devMailbox === "own" && viewer?.role !== "admin";
  return (
    <main className="mx-auto max-w-3xl space-y-4 px-4 py-8">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Development mailbox</h1>
        <Link href="/" className="text-sm text-brand-600 hover:underline">
          Back to Seatwatch
        </Link>
      </div>
      {mails === null ? (
        <Alert>{CLOSED[devMailbox === "own" ? "own" : "off"]}</Alert>
      ) : (
        <>
          <Alert tone="info">
            {isOwnOnly
              ? `No email provider is configured, so the emails Seatwatch would send you (${viewer?.email}) are kept here instead, newest first.`
              : "No email provider is configured, so every email Seatwatch would send is kept here instead, newest first."}
          </Alert>
          {mails.length === 0 ? <Card>No emails yet.</Card> : null}
          {mails.map((mail) => (
            <Card key={mail.id} className="space-y-2">
              <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-500">
                <span>To: {mail.to}</span>
                <time dateTime={mail.createdAt.toISOString()}>{mail.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
              </div>
              <h2 className="font-medium">{mail.subject}</h2>
              <Linkified text={mail.text} />
            </Card>
          ))}
        </>
      )}
    </main>
  );
}
