import { getEnv } from "@/server/env";
import { openDatabase } from "@/db/client";
import { createComponentLog } from "@/server/lib/component-log";
import { openEventSource } from "@/server/sources";
import { jobs } from "./registry";
import { startJobRunner } from "./runner";

// The production shape: web instances run with SEATWATCH_JOBS=false and one or more of these beside them.
const env = getEnv();
const log = createComponentLog("worker");
if (!env.DATABASE_URL) {
  log.error("DATABASE_URL: the worker needs a PostgreSQL server shared with the web instances. On the embedded default (PGlite) the jobs already run inside `npm start`.");
  process.exit(2);
}

const database = openDatabase({ url: env.DATABASE_URL });
await database.migrate();
const events = await openEventSource(env, database.db);
const runner = startJobRunner({ db: database.db, events, jobs });
log.info(`Seatwatch worker ${process.pid} running ${jobs.length} job(s) on ${database.location}`, { pid: process.pid, jobs: jobs.map((job) => job.id) });

let isStopping = false;
async function stop(signal: string) {
  if (isStopping) return;
  isStopping = true;
  log.info(`Worker ${process.pid} received ${signal}: starting no new job, finishing running ones (at most ${env.SEATWATCH_SHUTDOWN_MS} ms)…`, { signal });
  const report = await runner.stop({ timeoutMs: env.SEATWATCH_SHUTDOWN_MS });
  log.info(
    `Worker ${process.pid} stopped: ${report.isDrained ? "running jobs finished" : "running jobs cut off at the time limit"}; ` +
      `leases handed back: ${report.released.queries} queries, ${report.released.deliveries} sends`,
    { isDrained: report.isDrained, released: report.released },
  );
  // A job cut off still holds a pool client, and pool.end() would wait for it; the exit ends it instead.
  if (report.isDrained) await Promise.race([Promise.allSettled([events.close(), database.close()]), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
