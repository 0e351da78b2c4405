import "server-only";
import { jobs } from "@/jobs/registry";
import { catalogSweep } from "@/jobs/catalog-sweep";
import { startJobRunner, toSlot, type JobRunner, type StopReport } from "@/jobs/runner";
import { getAppContext } from "./app-context";
import { getAppUrl } from "./env";
import { createComponentLog } from "./lib/component-log";
import { DEMO_FAN, ensureDemoFan } from "./services/accounts";
import { resolveDevMailboxMode, type DevMailboxMode } from "./services/mail";
import { ensureDemoAdmin } from "./services/admin/demo-admin";

/**
 * What the HTTP server (scripts/serve.mjs, outside Next's bundles) calls on SIGTERM, found on globalThis:
 * stop the jobs while the last requests finish, then close the event source and the database.
 */
export interface ShutdownHooks {
  /** No new job run; running ones get `timeoutMs`, then every lease this process holds is handed back. */
  stopJobs(timeoutMs: number): Promise<StopReport | null>;
  /** Closes the event source and the database pool; call once no request is running. */
  close(): Promise<void>;
}

const bootLog = createComponentLog("boot");

const globalForBoot = globalThis as unknown as { seatwatchBoot?: Promise<{ runner: JobRunner | null }>; seatwatchShutdown?: ShutdownHooks };

/**
 * Starts what the web process runs beside requests: migrations (via the app context), the demo fan on the
 * embedded default, and the in-process job runner unless SEATWATCH_JOBS=false.
 */
export function bootServer() {
  globalForBoot.seatwatchBoot ??= (async () => {
    const app = await getAppContext();
    const { env, database } = app;
    const isDemo = env.SEATWATCH_DEMO ?? !env.DATABASE_URL;
    if (isDemo) await ensureDemoFan(app.auth, database.db);
    const demoAdmin = isDemo ? await ensureDemoAdmin(app.auth, database.db) : null;
    const runner = env.SEATWATCH_JOBS === false ? null : startJobRunner({ db: database.db, events: app.events, jobs });
    // Fill the catalogue now rather than at the next minute, so a fresh start shows events at once.
    if (runner) void runner.runOnce(catalogSweep, `boot-${toSlot(new Date())}`);
    const started = {
      url: getAppUrl(env),
      database: database.kind === "pglite" ? `PGlite in ${database.location}` : `PostgreSQL at ${database.location}`,
      events: app.events.dataSource === "sandbox" ? "the built-in sandbox (made-up events on a fast clock)" : "Ticketmaster Discovery API",
      jobs: runner ? "in this process" : "off (run `npm run worker`)",
    };
    bootLog.info(`Seatwatch is running at ${started.url}`, started);
    if (isDemo) printDemoBanner(started, demoAdmin, app.notifications.channels.email.vendor === "resend" ? null : describeDevMailbox(resolveDevMailboxMode(env), started.url));
    return { runner };
  })();
  globalForBoot.seatwatchShutdown ??= createShutdownHooks();
  return globalForBoot.seatwatchBoot;
}

/**
 * The demo's start banner: plain text on stdout, beside the JSON log lines, because a person reads it once to
 * sign in. Only the demo (the embedded default, or SEATWATCH_DEMO=true) prints it, as its accounts are the
 * point of it; the demo admin's random password appears once, when the account is created, and never goes
 * through the logger (see docs/operations.md, "Logs").
 */
function printDemoBanner(started: Record<"url" | "database" | "events" | "jobs", string>, demoAdmin: { email: string; password: string | null } | null, emails: string | null) {
  const lines = [
    `Seatwatch is running at ${started.url}`,
    `  database: ${started.database}`,
    `  events: ${started.events}`,
    `  jobs: ${started.jobs}`,
    `  demo fan: ${DEMO_FAN.email} / ${DEMO_FAN.password}`,
  ];
  if (demoAdmin) lines.push(demoAdmin.password ? `  demo admin: ${demoAdmin.email} / ${demoAdmin.password} (shown once, at creation)` : `  demo admin: ${demoAdmin.email} (password shown when it was created)`);
  if (emails) lines.push(`  emails: ${emails}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Where the demo's emails (sign-up, password reset) can be read with no email provider configured. */
function describeDevMailbox(mode: DevMailboxMode, url: string) {
  if (mode === "open") return `no email provider: read them at ${url}/dev/mailbox`;
  if (mode === "own") return `no email provider: each signed-in fan reads theirs at ${url}/dev/mailbox`;
  return "no email provider: kept, not sent or shown; start with SEATWATCH_DEV_MAILBOX=open to read them at /dev/mailbox (on your own machine only)";
}

function createShutdownHooks(): ShutdownHooks {
  return {
    async stopJobs(timeoutMs) {
      const boot = await globalForBoot.seatwatchBoot?.catch(() => null);
      return boot?.runner ? boot.runner.stop({ timeoutMs }) : null;
    },
    async close() {
      const app = await getAppContext().catch(() => null);
      if (!app) return;
      await Promise.allSettled([app.events.close(), app.database.close()]);
    },
  };
}
