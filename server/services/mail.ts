import type { Db } from "@/db";
import { insertDevMail, listDevMails } from "@/db/queries/mail";
import { createComponentLog, type ComponentLog, type LineLog } from "@/server/lib/component-log";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** The email port; the notifications layer supplies vendor adapters, the embedded default the dev mailbox. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/**
 * Who may read the development mailbox (SEATWATCH_DEV_MAILBOX; docs/operations.md, "Email, SMS and push"):
 * `off` nobody, `own` each signed-in fan the mail addressed to them and admins all of it, `open` anyone.
 */
export type DevMailboxMode = "off" | "own" | "open";

/**
 * The mailbox holds other people's sign-in links, so a production build keeps it shut unless the operator
 * opens it; `next dev` on PGlite (one developer's machine) opens it, so sign-up works with no setup.
 */
export function resolveDevMailboxMode(env: { NODE_ENV: string; DATABASE_URL?: string; SEATWATCH_DEV_MAILBOX?: DevMailboxMode }): DevMailboxMode {
  return env.SEATWATCH_DEV_MAILBOX ?? (env.NODE_ENV !== "production" && !env.DATABASE_URL ? "open" : "off");
}

/** Where a message kept by the dev mailbox can be read. */
const DEV_MAILBOX_WHERE = "the dev_mails table, shown at /dev/mailbox when SEATWATCH_DEV_MAILBOX allows (off by default in production)";

export interface DevMailboxOptions {
  /** A plain-line sink instead of the process logger (tests). */
  lines?: LineLog;
  /** Another structured log than the process logger's `dev-mailbox` component (tests read it back). */
  logger?: ComponentLog;
  /**
   * In production the log says only that email is not configured and where the message was kept: its text
   * holds verification and reset links, which are credentials. Defaults to NODE_ENV=production.
   */
  isProduction?: boolean;
}

/**
 * Keeps every email in the development mailbox, so links work with no email provider. In development the
 * message is logged too (the logger hides its tokens; the mailbox has the working link).
 */
export function createDevMailbox(db: Db, settings: DevMailboxOptions | LineLog = {}): EmailSender {
  const options = typeof settings === "function" ? { lines: settings } : settings;
  const log = options.logger ?? createComponentLog("dev-mailbox", options.lines);
  const isProduction = options.isProduction ?? process.env.NODE_ENV === "production";
  return {
    async send(message) {
      await insertDevMail(db, message);
      if (isProduction) {
        log.warn(`email is not configured (RESEND_API_KEY and EMAIL_FROM unset): "${message.subject}" to ${message.to} was not sent; it is kept in ${DEV_MAILBOX_WHERE}`, { to: message.to, subject: message.subject });
        return;
      }
      log.info(`to ${message.to}: ${message.subject} (follow its links at /dev/mailbox)\n${message.text}`, { to: message.to, subject: message.subject });
    },
  };
}

/** The newest kept emails; with `to`, only those addressed to that email. */
export function listDevMailbox(db: Db, limit = 50, to?: string) {
  return listDevMails(db, { limit, to });
}
