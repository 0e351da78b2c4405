import type { Metadata } from "next";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ verified?: string; reset?: string; next?: string }> }) {
  const params = await searchParams;
  return <SignInForm notice={params.reset ? "Your password was changed. Sign in with the new one." : undefined} next={params.next} />;
}
