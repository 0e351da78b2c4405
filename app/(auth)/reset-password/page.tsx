"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { authClient, describeAuthError } from "@/app/_lib/auth-client";
import { Alert, Button, Card, Field, Input, Spinner } from "@/app/_components/ui";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/server/api/schemas";

const schema = z
  .object({
    password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH),
    confirm: z.string(),
  })
  .refine((values) => values.password === values.confirm, { path: ["confirm"], message: "The two passwords differ" });

function ResetForm() {
  const params = useSearchParams();
  const router = useRouter();
  const token = params.get("token");
  const [error, setError] = useState<string | null>(params.get("error") ? "This reset link is invalid or has expired. Ask for a new one." : null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { password: "", confirm: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ password }) => {
    if (!token) return setError("This page needs the link from the reset email.");
    const result = await authClient.resetPassword({ newPassword: password, token });
    if (result.error) return setError(describeAuthError(result.error));
    router.replace("/sign-in?reset=1");
  });

  return (
    <form onSubmit={onSubmit} className="mt-3 space-y-4" noValidate>
      {error ? (
        <Alert>
          {error}{" "}
          <Link className="underline" href="/forgot-password">
            Request a new link
          </Link>
        </Alert>
      ) : null}
      <Field id="password" label="New password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={errors.password?.message}>
        <Input id="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} {...form.register("password")} />
      </Field>
      <Field id="confirm" label="Repeat it" error={errors.confirm?.message}>
        <Input id="confirm" type="password" autoComplete="new-password" aria-invalid={!!errors.confirm} {...form.register("confirm")} />
      </Field>
      <Button type="submit" className="w-full" isBusy={isSubmitting} disabled={!token}>
        Save new password
      </Button>
    </form>
  );
}

export default function ResetPasswordPage() {
  return (
    <Card>
      <h1 className="mb-1 text-xl font-semibold">Choose a new password</h1>
      <Suspense fallback={<Spinner />}>
        <ResetForm />
      </Suspense>
    </Card>
  );
}
