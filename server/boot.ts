import "server-only";
import { jobs } from "@/jobs/registry";
import { catalogSweep } from "@/jobs/catalog-sweep";
import { startJobRunner, toSlot, type JobRunner } from "@/jobs/runner";
import { getAppContext } from "./app-context";
import { getAppUrl } from "./env";
import { DEMO_FAN, ensureDemoFan } from "./services/accounts";
import { ensureDemoAdmin } from "./services/admin/demo-admin";

const globalForBoot = globalThis as unknown as { seatwatchBoot?: Promise<{ runner: JobRunner | null }> };

/**
 * Starts what the web process runs beside requests: migrations (via the app context), the demo fan on the
 * embedded default, and the in-process job runner unless SEATWATCH_JOBS=false.
 */
export function bootServer() {
  globalForBoot.seatwatchBoot ??= (async () => {
    const app = await getAppContext();
    const { env, database } = app;
    const isEmbedded = !env.DATABASE_URL;
    if (env.SEATWATCH_DEMO ?? isEmbedded) await ensureDemoFan(app.auth, database.db);
    const demoAdmin = (env.SEATWATCH_DEMO ?? isEmbedded) ? await ensureDemoAdmin(app.auth, database.db) : null;
    const runner = env.SEATWATCH_JOBS === false ? null : startJobRunner({ db: database.db, events: app.events, jobs });
    // Fill the catalogue now rather than at the next minute, so a fresh start shows events at once.
    if (runner) void runner.runOnce(catalogSweep, `boot-${toSlot(new Date())}`);
    const lines = [
      `Seatwatch is running at ${getAppUrl(env)}`,
      `  database: ${database.kind === "pglite" ? `PGlite in ${database.location}` : `PostgreSQL at ${database.location}`}`,
      `  events: ${app.events.dataSource === "sandbox" ? "the built-in sandbox (made-up events on a fast clock)" : "Ticketmaster Discovery API"}`,
      `  jobs: ${runner ? "in this process" : "off (run `npm run worker`)"}`,
    ];
    if (env.SEATWATCH_DEMO ?? isEmbedded) lines.push(`  demo fan: ${DEMO_FAN.email} / ${DEMO_FAN.password}`);
    if (demoAdmin) lines.push(demoAdmin.password ? `  demo admin: ${demoAdmin.email} / ${demoAdmin.password} (shown once, at creation)` : `  demo admin: ${demoAdmin.email} (password shown when it was created)`);
    console.log(lines.join("\n"));
    return { runner };
  })();
  return globalForBoot.seatwatchBoot;
}
