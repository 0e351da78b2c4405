import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import type { Db } from "@/db";
import * as schema from "@/db/schema";
import { log } from "@/server/lib/log";
import { deleteAccount } from "@/server/services/accounts";
import type { EmailSender } from "@/server/services/mail";
import * as reactEmails from "@/server/notifications/render-account-emails";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./policy";
import * as plainEmails from "./emails";
import { authRateLimitOptions, createEmailLimitHooks } from "./rate-limits";

export interface AuthOptions {
  db: Db;
  secret: string;
  baseURL: string;
  mailer: EmailSender;
  /** "react-email" (the Seatwatch frame, sent through Resend) or the plain texts the dev mailbox shows. */
  accountEmails?: "plain" | "react-email";
  /** Emails that become admins when they sign up. */
  adminEmails: string[];
  /** Extra origins allowed to post to the auth routes (e.g. 127.0.0.1 next to localhost). */
  trustedOrigins?: string[];
  /** Per-address and per-email limits on sign-in, sign-up and reset (server/auth/rate-limits.ts); on in production. */
  isRateLimited?: boolean;
}

/** Better Auth over our Drizzle schema: email + password, verification and reset through the email port. */
export function createAuth(options: AuthOptions) {
  const { mailer } = options;
  const { renderChangeEmail, renderResetEmail, renderVerifyEmail } = options.accountEmails === "react-email" ? reactEmails : plainEmails;
  const isRateLimited = options.isRateLimited ?? process.env.NODE_ENV === "production";
  return betterAuth({
    appName: "Seatwatch",
    baseURL: options.baseURL,
    secret: options.secret,
    trustedOrigins: options.trustedOrigins,
    rateLimit: authRateLimitOptions(options.db, isRateLimited),
    hooks: createEmailLimitHooks(options.db, isRateLimited),
    database: drizzleAdapter(options.db, { provider: "pg", schema, usePlural: true }),
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => mailer.send(await renderResetEmail(user.email, url)),
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      expiresIn: 60 * 60 * 24,
      sendVerificationEmail: async ({ user, url }) => mailer.send(await renderVerifyEmail(user.email, url)),
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "fan" },
        tier: { type: "string", input: false, defaultValue: "basic" },
        timeZone: { type: "string", input: false, defaultValue: "UTC" },
        homeCity: { type: "string", input: false, required: false },
        homeCountry: { type: "string", input: false, required: false },
        disabledAt: { type: "date", input: false, required: false },
      },
      changeEmail: {
        enabled: true,
        // The current address approves the change first; the new one is then verified like a sign-up.
        sendChangeEmailConfirmation: async ({ user, newEmail, url }) => mailer.send(await renderChangeEmail(user.email, newEmail, url)),
      },
      // Our erasure runs first, in one transaction: alerts anonymised, everything else about the fan gone.
      deleteUser: { enabled: true, beforeDelete: async (user) => void (await deleteAccount(options.db, user.id)) },
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => ({
            data: { ...user, role: options.adminEmails.includes(user.email.toLowerCase()) ? "admin" : "fan" },
          }),
        },
      },
      session: {
        create: {
          // A disabled account cannot start a session.
          before: async (session) => {
            const account = await options.db.query.users.findFirst({
              where: (users, { eq }) => eq(users.id, session.userId),
              columns: { disabledAt: true },
            });
            if (account?.disabledAt) throw new APIError("FORBIDDEN", { message: "This account is disabled. Contact support if you think this is a mistake.", code: "ACCOUNT_DISABLED" });
            return undefined;
          },
        },
      },
    },
    // Through our redacting logger: Better Auth's messages can quote request bodies.
    logger: { level: "warn", log: (level, message, ...args) => log[level]({ source: "better-auth", details: args.length ? args : undefined }, message) },
    advanced: { cookiePrefix: "seatwatch" },
    // Never phone home: tests and CI have no network, and fans' data stays here.
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
