"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { authClient, describeAuthError } from "@/app/_lib/auth-client";
import { Alert, Button, Card, Field, Input } from "@/app/_components/ui";

const schema = z.object({
  email: z.email("Enter your email address"),
  password: z.string().min(1, "Enter your password"),
});

export function SignInForm({ notice, next }: { notice?: string; next?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const result = await authClient.signIn.email({ ...values, callbackURL: "/" });
    if (result.error) return setError(describeAuthError(result.error));
    router.replace(next?.startsWith("/") && !next.startsWith("//") ? next : "/");
    router.refresh();
  });

  return (
    <Card>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-4 text-sm text-slate-500">Welcome back. Your watches kept checking while you were away.</p>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {error ? <Alert>{error}</Alert> : null}
        <Field id="email" label="Email" error={errors.email?.message}>
          <Input id="email" type="email" autoComplete="email" aria-invalid={!!errors.email} {...form.register("email")} />
        </Field>
        <Field id="password" label="Password" error={errors.password?.message}>
          <Input id="password" type="password" autoComplete="current-password" aria-invalid={!!errors.password} {...form.register("password")} />
        </Field>
        <Button type="submit" className="w-full" isBusy={isSubmitting}>
          Sign in
        </Button>
      </form>
      <div className="mt-4 flex justify-between text-sm">
        <Link className="text-brand-600 hover:underline" href="/forgot-password">
          Forgot your password?
        </Link>
        <Link className="text-brand-600 hover:underline" href="/sign-up">
          Create an account
        </Link>
      </div>
    </Card>
  );
}
