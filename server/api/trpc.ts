import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "@/db";
import type { SmsChannel } from "@/server/notifications/ports";
import type { CircuitSnapshot } from "@/server/providers/http";
import type { Provider } from "@/server/providers/types";
import type { LiveAlertHub } from "@/server/services/live/hub";
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "@/server/lib/text-guard";
import { ServiceError, type FieldIssue } from "@/server/services/errors";
import type { DevMailboxMode } from "@/server/services/mail";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "fan" | "admin";
  tier: "basic" | "premium";
  timeZone: string;
}

export interface Context {
  db: Db;
  user: SessionUser | null;
  /** Who may read the development mailbox and dev texts (SEATWATCH_DEV_MAILBOX; server/services/mail.ts). */
  devMailbox: DevMailboxMode;
  /** Where event data comes from: the built-in sandbox world or the real Ticketmaster API. */
  dataSource: "sandbox" | "ticketmaster";
  /** The event source for searches (autocomplete); the engine has its own wiring. */
  provider: Provider;
  /** The key in use and its circuit, for the admin quota view; `now` is the clock event data lives on (sandbox: fast). */
  source: { keyLabel: string; dataSource: "sandbox" | "ticketmaster"; hasSectionData: boolean; readCircuit(): CircuitSnapshot; now?(): Date; quotaReserve?: number; clockRate?: number };
  /** Verification-code SMS and the caller's IP (rate limits, consent record); absent in some tests. */
  notifications?: { sms: SmsChannel; clientIp: string | null };
  /** The process's live-alert hub (SSE subscriptions); absent in some tests. */
  live?: LiveAlertHub;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // SSE subscriptions: a comment every 15 s keeps proxies from closing an idle stream, and a client that hears
  // nothing for 40 s reconnects (resuming from its last event id).
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let issues: FieldIssue[] | undefined;
    if (cause instanceof ZodError) {
      issues = cause.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: issue.message }));
    } else if (cause instanceof ServiceError) {
      issues = cause.issues;
    }
    // Input errors lead with the first field's own message instead of zod's JSON dump.
    const message = cause instanceof ZodError && issues?.[0] ? issues[0].message : shape.message;
    return { ...shape, message, data: { ...shape.data, issues, stack: undefined } };
  },
});

/** Service errors become tRPC errors with the same code and message; anything else stays a 500. */
const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ServiceError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

/** Text PostgreSQL cannot store (U+0000, unpaired surrogates) is bad input (400), not a failed query (500). */
const rejectUnstorableText = t.middleware(async ({ getRawInput, next }) => {
  const path = findUnstorableText(await getRawInput());
  if (path) throw new ServiceError("BAD_REQUEST", UNSTORABLE_TEXT_MESSAGE, [{ path, message: UNSTORABLE_TEXT_MESSAGE }]);
  return next();
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

export const publicProcedure = t.procedure.use(mapServiceErrors).use(rejectUnstorableText);

/** A signed-in fan (or admin). */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Admins only" });
  return next({ ctx });
});
