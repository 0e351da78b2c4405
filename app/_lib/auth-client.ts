"use client";

import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();

/** Better Auth answers errors as { message, code }; this turns one into a sentence for the form. */
export function describeAuthError(error: { message?: string; code?: string; status?: number } | null | undefined): string {
  if (!error) return "Something went wrong. Try again.";
  if (error.status === 429) return "Too many attempts. Wait a minute and try again.";
  if (error.code === "EMAIL_NOT_VERIFIED") return "Confirm your email first: we sent you a new link.";
  if (error.code === "INVALID_EMAIL_OR_PASSWORD") return "That email and password don't match an account.";
  if (error.code === "USER_ALREADY_EXISTS" || error.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL") {
    return "An account with this email already exists. Sign in or reset your password.";
  }
  return error.message ?? "Something went wrong. Try again.";
}
