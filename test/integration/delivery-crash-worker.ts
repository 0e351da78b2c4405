/**
 * A delivery worker process for the crash test: opens the shared PostgreSQL, points the channels at the
 * test's fakes, prints "ready", waits for a line on stdin (so it can start up while the previous worker
 * runs) and sends until nothing is due. The test bundles it once and SIGKILLs it at a random moment.
 *
 *   CRASH_WORKER_CONFIG='{"databaseUrl":…,…}' node --import tsx test/integration/delivery-crash-worker.ts
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { createResendEmailChannel } from "@/server/notifications/resend-email";
import { createTwilioSmsChannel } from "@/server/notifications/twilio-sms";
import { createTwilioSmsLookup } from "@/server/notifications/twilio-lookup";
import { createWebhookChannel } from "@/server/notifications/webhook";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";

export interface CrashWorkerConfig {
  databaseUrl: string;
  owner: string;
  resend: { url: string; apiKey: string; requestsPerSecond: number };
  twilio: { url: string; accountSid: string; authToken: string; from: string };
  links: { appUrl: string; secret: string };
  pageSize: number;
}

const config = JSON.parse(process.env.CRASH_WORKER_CONFIG ?? "{}") as CrashWorkerConfig;
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
const db = drizzle(pool, { schema }) as unknown as Db;
const channels = {
  email: createResendEmailChannel({ apiKey: config.resend.apiKey, from: "Seatwatch <alerts@seatwatch.example>", baseUrl: config.resend.url, requestsPerSecond: config.resend.requestsPerSecond }),
  sms: createTwilioSmsChannel({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, from: config.twilio.from, baseUrl: config.twilio.url }),
  push: null,
  webhook: createWebhookChannel(),
};
const smsLookup = createTwilioSmsLookup({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, baseUrl: config.twilio.url });
// Warm the pool so the kill lands in delivery work, not in connecting.
await db.execute("select 1");
process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
for (;;) {
  const pass = await deliverDueDeliveries({ db, channels, links: config.links, smsLookup, owner: config.owner, log: () => undefined }, { limit: 1_000, pageSize: config.pageSize });
  if (pass.claimed === 0) break;
}
process.stdout.write("done\n");
await pool.end();
process.exit(0);
