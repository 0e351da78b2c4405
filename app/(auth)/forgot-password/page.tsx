"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { authClient, describeAuthError } from "@/app/_lib/auth-client";
import { Alert, Button, Card, Field, Input } from "@/app/_components/ui";

const schema = z.object({ email: z.email("Enter your email address") });

export default function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { email: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ email }) => {
    setError(null);
    const result = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
    if (result.error) return setError(describeAuthError(result.error));
    setSentTo(email);
  });

  return (
    <Card>
      <h1 className="mb-1 text-xl font-semibold">Reset your password</h1>
      {sentTo ? (
        <Alert tone="success">
          If an account exists for {sentTo}, a reset link is on its way. It works for one hour.
        </Alert>
      ) : (
        <form onSubmit={onSubmit} className="mt-3 space-y-4" noValidate>
          {error ? <Alert>{error}</Alert> : null}
          <Field id="email" label="Email" error={errors.email?.message}>
            <Input id="email" type="email" autoComplete="email" aria-invalid={!!errors.email} {...form.register("email")} />
          </Field>
          <Button type="submit" className="w-full" isBusy={isSubmitting}>
            Send reset link
          </Button>
        </form>
      )}
      <p className="mt-4 text-sm">
        <Link className="text-brand-600 hover:underline" href="/sign-in">
          Back to sign in
        </Link>
      </p>
    </Card>
  );
}
