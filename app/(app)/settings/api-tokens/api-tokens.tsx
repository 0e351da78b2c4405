"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert, Button, Card, Field, Input, Select, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { createApiTokenInput, type CreateApiTokenInput } from "@/server/api/schemas";

function formatWhen(date: Date | null) {
  return date ? date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "never";
}

/** Create a token (its secret is shown once), list tokens with their last use, and revoke them. */
export function ApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [isCopied, setIsCopied] = useState(false);
  const [confirmingId, setConfirmingId] = useState<string | null>(null);
  const list = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const form = useForm<CreateApiTokenInput>({ resolver: zodResolver(createApiTokenInput), defaultValues: { name: "", access: "read-only" } });
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (token) => {
        setCreated({ name: token.name, token: token.token });
        setIsCopied(false);
        form.reset({ name: "", access: "read-only" });
        return refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: () => { setConfirmingId(null); return refresh(); } }));
  const { errors } = form.formState;

  async function copy(token: string) {
    await navigator.clipboard.writeText(token).then(() => setIsCopied(true), () => setIsCopied(false));
  }

  return (
    <>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">New token</h2>
        <form className="grid gap-4 sm:grid-cols-2" noValidate onSubmit={form.handleSubmit((values) => { setCreated(null); create.mutate(values); })}>
          {create.isError ? <div className="sm:col-span-2"><Alert>{create.error.message}</Alert></div> : null}
          <Field id="tokenName" label="Name" hint="What uses it, e.g. “home dashboard”." error={errors.name?.message}>
            <Input id="tokenName" autoComplete="off" maxLength={60} {...form.register("name")} />
          </Field>
          <Field id="tokenAccess" label="Access" hint="Read-only tokens can list and read; read-write tokens can also create, edit and delete watches." error={errors.access?.message}>
            <Select id="tokenAccess" {...form.register("access")}>
              <option value="read-only">Read-only</option>
              <option value="read-write">Read and write</option>
            </Select>
          </Field>
          <div className="sm:col-span-2"><Button type="submit" isBusy={create.isPending}>Create token</Button></div>
        </form>
        {created ? (
          <div className="mt-4 space-y-2">
            <Alert tone="success">
              Token “{created.name}” created. Copy it now: it is shown only once, and we keep only a fingerprint of it.
            </Alert>
            <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
              <Field id="newToken" label="Your new token" className="min-w-0 flex-1">
                <Input id="newToken" readOnly value={created.token} className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
              </Field>
              <Button type="button" variant="secondary" onClick={() => void copy(created.token)}>{isCopied ? "Copied" : "Copy"}</Button>
            </div>
          </div>
        ) : null}
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Your tokens</h2>
        {revoke.isError ? <div className="mb-3"><Alert>{revoke.error.message}</Alert></div> : null}
        {list.isPending ? (
          <Spinner label="Loading tokens" />
        ) : list.isError ? (
          <Alert>Could not load your tokens: {list.error.message}</Alert>
        ) : list.data.length === 0 ? (
          <p className="text-sm text-slate-500">No tokens yet. Create one above to use the API.</p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {list.data.map((token) => (
              <li key={token.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <p className="font-medium break-words">
                    {token.name} <span className="text-xs font-normal text-slate-500">({token.access})</span>
                  </p>
                  <p className="font-mono text-xs text-slate-500">{token.prefix}…</p>
                  <p className="text-xs text-slate-500">
                    Created {formatWhen(token.createdAt)} · last used {formatWhen(token.lastUsedAt)}
                    {token.revokedAt ? ` · revoked ${formatWhen(token.revokedAt)}` : ""}
                  </p>
                </div>
                {token.revokedAt ? (
                  <span className="text-sm text-slate-500">Revoked</span>
                ) : confirmingId === token.id ? (
                  <div className="flex gap-2">
                    <Button variant="danger" isBusy={revoke.isPending} onClick={() => revoke.mutate({ id: token.id })}>Revoke now</Button>
                    <Button variant="ghost" onClick={() => setConfirmingId(null)}>Keep</Button>
                  </div>
                ) : (
                  <Button variant="secondary" aria-label={`Revoke ${token.name}`} onClick={() => setConfirmingId(token.id)}>Revoke</Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
