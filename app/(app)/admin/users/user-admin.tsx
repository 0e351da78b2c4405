"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { Alert, Button, Card, Field, Input, Select, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

const PAGE_SIZE = 25;

/** Accounts with search, tier changes and disable/enable (never your own account). */
export function UserAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const q = useDeferredValue(search.trim());
  const viewer = useQuery(trpc.meta.info.queryOptions()).data?.viewer;
  const list = useQuery({ ...trpc.admin.users.list.queryOptions({ q: q || undefined, limit: PAGE_SIZE, offset }), placeholderData: keepPreviousData });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
  const onError = (error: { message: string }) => setMessage({ tone: "error", text: error.message });
  const setTier = useMutation(trpc.admin.users.setTier.mutationOptions({ onSuccess: (row) => { setMessage({ tone: "success", text: `Tier changed to ${row.tier}.` }); return refresh(); }, onError }));
  const setDisabled = useMutation(
    trpc.admin.users.setDisabled.mutationOptions({ onSuccess: (row) => { setMessage({ tone: "success", text: row.disabledAt ? "Account disabled and signed out everywhere." : "Account enabled." }); return refresh(); }, onError }),
  );

  return (
    <div className="space-y-3">
      <Field id="user-search" label="Search by email or name">
        <Input id="user-search" type="search" value={search} placeholder="fan@example.com" onChange={(event) => { setSearch(event.target.value); setOffset(0); }} />
      </Field>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {list.isPending ? <Spinner label="Loading accounts" /> : null}
      {list.isError ? <Alert>Could not load accounts: {list.error.message}</Alert> : null}
      {list.data && list.data.users.length === 0 ? <Card className="text-sm text-slate-500">No account matches “{q}”.</Card> : null}
      {list.data && list.data.users.length ? (
        <>
          <ul className="space-y-2" data-testid="user-list">
            {list.data.users.map((user) => {
              const isSelf = user.id === viewer?.id;
              return (
                <li key={user.id}>
                  <Card className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
                    <div className="min-w-0">
                      <p className="truncate font-medium">{user.email}</p>
                      <p className="text-sm text-slate-500">
                        {user.name} · {user.role}
                        {user.emailVerified ? "" : " · unverified"} · {user.watchCount} of {user.watchLimit} watches
                        {user.disabledAt ? <strong className="ml-1 text-red-700 dark:text-red-400">· disabled</strong> : null}
                      </p>
                    </div>
                    <div className="flex shrink-0 flex-wrap items-center gap-2">
                      <label htmlFor={`tier-${user.id}`} className="sr-only">Tier for {user.email}</label>
                      <Select id={`tier-${user.id}`} className="w-32" value={user.tier} disabled={setTier.isPending} onChange={(event) => setTier.mutate({ userId: user.id, tier: event.target.value as "basic" | "premium" })}>
                        <option value="basic">basic</option>
                        <option value="premium">premium</option>
                      </Select>
                      <Button
                        variant={user.disabledAt ? "secondary" : "danger"}
                        disabled={isSelf}
                        title={isSelf ? "You can't disable your own account" : undefined}
                        aria-label={`${user.disabledAt ? "Enable" : "Disable"} ${user.email}`}
                        isBusy={setDisabled.isPending && setDisabled.variables?.userId === user.id}
                        onClick={() => setDisabled.mutate({ userId: user.id, isDisabled: !user.disabledAt })}
                      >
                        {user.disabledAt ? "Enable" : "Disable"}
                      </Button>
                    </div>
                  </Card>
                </li>
              );
            })}
          </ul>
          <div className="flex items-center justify-between text-sm">
            <span className="text-slate-500">
              {offset + 1}–{offset + list.data.users.length} of {list.data.total}
            </span>
            <div className="flex gap-2">
              <Button variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>Previous</Button>
              <Button variant="secondary" disabled={offset + PAGE_SIZE >= list.data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>Next</Button>
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}
