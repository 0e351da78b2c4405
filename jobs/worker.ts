import { getEnv } from "@/server/env";
import { openDatabase } from "@/db/client";
import { openEventSource } from "@/server/sources";
import { jobs } from "./registry";
import { startJobRunner } from "./runner";

// The production shape: web instances run with SEATWATCH_JOBS=false and one or more of these beside them.
const env = getEnv();
if (!env.DATABASE_URL) {
  console.error(
    "DATABASE_URL: the worker needs a PostgreSQL server shared with the web instances. On the embedded default (PGlite) the jobs already run inside `npm start`.",
  );
  process.exit(2);
}

const database = openDatabase({ url: env.DATABASE_URL });
await database.migrate();
const events = await openEventSource(env, database.db);
const runner = startJobRunner({ db: database.db, events, jobs });
console.log(`Seatwatch worker ${process.pid} running ${jobs.length} job(s) on ${database.location}`);

let isStopping = false;
async function stop(signal: string) {
  if (isStopping) return;
  isStopping = true;
  console.log(`Worker received ${signal}: finishing running jobs…`);
  await runner.stop();
  await events.close();
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
