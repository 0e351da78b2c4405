"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field, Input } from "@/app/_components/ui";
import { authClient, describeAuthError } from "@/app/_lib/auth-client";
import { MIN_PASSWORD_LENGTH } from "@/server/api/schemas";

type Status = { tone: "error" | "success"; text: string } | null;

function useAction() {
  const [status, setStatus] = useState<Status>(null);
  const [isBusy, setIsBusy] = useState(false);
  async function run(action: () => Promise<{ error: unknown } | { error: null }>, success: string) {
    setIsBusy(true);
    setStatus(null);
    const result = await action().catch((error: unknown) => ({ error }));
    setIsBusy(false);
    setStatus(result.error ? { tone: "error", text: describeAuthError(result.error as { message?: string }) } : { tone: "success", text: success });
    return !result.error;
  }
  return { status, isBusy, run };
}

export function AccountForms({ email, tier, limits }: { email: string; tier: string; limits: { watches: number; smsPerDay: number; fastestCheck: string } }) {
  const router = useRouter();
  const emailAction = useAction();
  const passwordAction = useAction();
  const deleteAction = useAction();
  const [confirmDelete, setConfirmDelete] = useState(false);

  function onChangeEmail(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newEmail = String(new FormData(event.currentTarget).get("newEmail") ?? "").trim();
    void emailAction.run(() => authClient.changeEmail({ newEmail, callbackURL: "/settings" }), `Check ${email}: approve the change there, then confirm ${newEmail}.`);
  }

  function onChangePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const newPassword = String(data.get("newPassword") ?? "");
    const form = event.currentTarget;
    void passwordAction
      .run(() => authClient.changePassword({ currentPassword: String(data.get("currentPassword") ?? ""), newPassword, revokeOtherSessions: true }), "Password changed. Other devices were signed out.")
      .then((ok) => ok && form.reset());
  }

  function onDelete(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("deletePassword") ?? "");
    void deleteAction.run(() => authClient.deleteUser({ password }), "Account deleted.").then((ok) => {
      if (ok) { router.replace("/sign-up"); router.refresh(); }
    });
  }

  return (
    <>
      <Card>
        <h2 className="mb-1 text-lg font-semibold">Plan</h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          You are on the <strong>{tier}</strong> plan: up to {limits.watches} watches and {limits.smsPerDay} SMS alerts a day.
        </p>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Email</h2>
        <form className="space-y-3" onSubmit={onChangeEmail}>
          {emailAction.status ? <Alert tone={emailAction.status.tone}>{emailAction.status.text}</Alert> : null}
          <p className="text-sm text-slate-500">Currently {email}.</p>
          <Field id="newEmail" label="New email"><Input id="newEmail" name="newEmail" type="email" autoComplete="email" required /></Field>
          <Button type="submit" variant="secondary" isBusy={emailAction.isBusy}>Change email</Button>
        </form>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Password</h2>
        <form className="grid gap-3 sm:grid-cols-2" onSubmit={onChangePassword}>
          {passwordAction.status ? <div className="sm:col-span-2"><Alert tone={passwordAction.status.tone}>{passwordAction.status.text}</Alert></div> : null}
          <Field id="currentPassword" label="Current password"><Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required /></Field>
          <Field id="newPassword" label="New password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}><Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required /></Field>
          <div className="sm:col-span-2"><Button type="submit" variant="secondary" isBusy={passwordAction.isBusy}>Change password</Button></div>
        </form>
      </Card>
      <Card>
        <h2 className="mb-1 text-lg font-semibold">Your data</h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">Everything we hold about you (profile, watches, alerts and their deliveries, settings) as one JSON file.</p>
        {/* A plain link: the route answers with the file as a download, so no script is needed. */}
        <a href="/api/account/export" download className="inline-flex items-center rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800">Download my data</a>
      </Card>
      <Card className="border-red-200 dark:border-red-900">
        <h2 className="mb-1 text-lg font-semibold text-red-700 dark:text-red-400">Delete account</h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">Deletes your account for good: your profile, watches, settings, phone numbers, devices, API tokens and every message we kept for you. Your past alerts are kept only as anonymous counts per event, with nothing that links them to you. This can&apos;t be undone.</p>
        {confirmDelete ? (
          <form className="space-y-3" onSubmit={onDelete}>
            {deleteAction.status ? <Alert tone={deleteAction.status.tone}>{deleteAction.status.text}</Alert> : null}
            <Field id="deletePassword" label="Your password, to confirm"><Input id="deletePassword" name="deletePassword" type="password" autoComplete="current-password" required /></Field>
            <div className="flex gap-2">
              <Button type="submit" variant="danger" isBusy={deleteAction.isBusy}>Delete my account</Button>
              <Button type="button" variant="secondary" onClick={() => setConfirmDelete(false)}>Keep it</Button>
            </div>
          </form>
        ) : (
          <Button variant="danger" onClick={() => setConfirmDelete(true)}>Delete account…</Button>
        )}
      </Card>
    </>
  );
}
