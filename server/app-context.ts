import "server-only";
import { getDatabase, type Database } from "@/db";
import { createAuth, type Auth } from "@/server/auth/create-auth";
import { resolveAuthSecret } from "@/server/auth/secret";
import { getAppUrl, getEnv, type Env } from "@/server/env";
import { createAccountEmailSender } from "@/server/notifications/account-email-sender";
import { getDeliveryRuntime, type DeliveryRuntime } from "@/server/services/delivery/runtime";
import { createLiveAlertHub, type LiveAlertHub } from "@/server/services/live/hub";
import { createDevMailbox, type EmailSender } from "@/server/services/mail";
import { openEventSource, type EventSource } from "@/server/sources";

/** The composition root: real adapters wired once per process and kept on globalThis (see db/index.ts). */
export interface AppContext {
  env: Env;
  database: Database;
  auth: Auth;
  mailer: EmailSender;
  events: EventSource;
  /** Notification channels (vendors or the dev outbox), links and VAPID key; shared with the delivery job. */
  notifications: DeliveryRuntime;
  /** The live feed's one LISTEN connection for this process, started by the first SSE stream. */
  live: LiveAlertHub;
}

const globalForApp = globalThis as unknown as { seatwatchApp?: Promise<AppContext> };

export function getAppContext(): Promise<AppContext> {
  globalForApp.seatwatchApp ??= buildAppContext().catch((error: unknown) => {
    globalForApp.seatwatchApp = undefined;
    throw error;
  });
  return globalForApp.seatwatchApp;
}

async function buildAppContext(): Promise<AppContext> {
  const env = getEnv();
  const database = await getDatabase();
  const notifications = await getDeliveryRuntime(database.db);
  // With Resend configured, account emails go out through it in the React Email frame; else the dev mailbox.
  const hasResend = notifications.channels.email.vendor === "resend";
  const mailer = hasResend ? createAccountEmailSender(notifications.channels.email) : createDevMailbox(database.db);
  const appUrl = getAppUrl(env);
  const port = env.PORT ?? 3000;
  const auth = createAuth({
    db: database.db,
    secret: resolveAuthSecret({
      secret: env.BETTER_AUTH_SECRET,
      databaseUrl: env.DATABASE_URL,
      dataDir: env.SEATWATCH_DATA_DIR,
    }),
    baseURL: appUrl,
    mailer,
    accountEmails: hasResend ? "react-email" : "plain",
    adminEmails: env.ADMIN_EMAILS,
    trustedOrigins: [appUrl, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
  });
  const events = await openEventSource(env, database.db);
  const live = createLiveAlertHub({ raw: database.raw });
  return { env, database, auth, mailer, events, notifications, live };
}
