/**
 * Fan-out benchmark (issue 5, must-show 5): one on-sale change alerts 10,000 fans by email (plus some by SMS
 * and push), planned through the engine's own path (alerts and deliveries in one transaction) and sent by
 * the delivery worker through the real-HTTP Resend, Twilio and push-service fakes. The Resend fake allows
 * 5 requests per second and 100 emails per batch, so the floor is 10,000 ÷ 100 ÷ 5 = 20 s; the goal is
 * ≤ 1.2× that, with no email, SMS or push sent twice.
 *
 *   npx tsx bench/fanout.ts [--quick] [--emails N] [--json]
 *   FANOUT_DATABASE_URL=postgres://… runs on PostgreSQL; FANOUT_DEBUG=1 prints the Resend call timeline.
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "@/db/client";
import { phoneNumbers, pushSubscriptions, users, watches, type WatchRow } from "@/db/schema";
import type { AlertDecision } from "@/server/engine";
import { allowAddressesForTests } from "@/server/notifications/address-guard";
import { createNotificationChannels, notificationEnvSchema } from "@/server/notifications/config";
import { renderAlertEmail } from "@/server/notifications/render-email";
import { SMS_CONSENT_DISCLOSURE } from "@/server/notifications/render-sms";
import { createTwilioSmsLookup } from "@/server/notifications/twilio-lookup";
import { generateVapidKeys } from "@/server/notifications/web-push";
import type { Event } from "@/server/providers/types";
import { planDeliveriesForAlerts } from "@/server/services/delivery/plan";
import { createDevOutboxWriter } from "@/server/services/delivery/runtime";
import { deliverDueDeliveries } from "@/server/services/delivery/worker";
import { storeDecisions } from "@/server/services/engine/process-events";
import { recordObservedEventsIn } from "@/server/services/events";
import { buildAlertMessage } from "@/test/fakes/alert-messages";
import { buildEvent } from "@/test/support/event-fixture";
import { createBenchDatabase } from "./db";
import type { VendorRequest, VendorStats } from "./fanout-vendors";

/** The figures: Resend at 5 requests/s (its team limits are 2–5/s) and 100 emails per batch call. */
const RESEND_REQUESTS_PER_SECOND = 5;
const RESEND_BATCH = 100;
const CHUNK = 1_000;

export interface FanoutBenchOptions {
  emails?: number;
  quick?: boolean;
  /** A PostgreSQL server to run on (a throwaway database is made there); default PGlite in memory. */
  databaseUrl?: string;
  log?: (line: string) => void;
}

export interface FanoutBenchResult {
  emails: number;
  sms: number;
  push: number;
  /** From the first claim to the last recorded outcome. */
  fanoutSeconds: number;
  /** emails ÷ 100 per batch ÷ 5 requests per second. */
  fanoutFloorSeconds: number;
  /** Messages received beyond one per delivery, over email, SMS and push. */
  fanoutDuplicates: number;
  /** Deliveries not sent at the end (must be 0). */
  fanoutUnsent: number;
  planSeconds: number;
  resendCalls: number;
  /** Where the outbox lived: "postgresql" (host:port/database) or "pglite" (in memory). */
  database: string;
}

// The tests' event fixture (test/support/event-fixture.ts), moved to a stadium show.
const event: Event = buildEvent("FANOUT1", {
  name: "Taylor Swift | The Eras Tour",
  url: "https://www.ticketmaster.co.uk/taylor-swift-the-eras-tour-london/event/FANOUT1",
  start: { localDate: "2026-08-15", localTime: "18:00:00", dateTime: "2026-08-15T17:00:00Z", timezone: "Europe/London", isTba: false, isTbd: false, hasNoSpecificTime: false },
  publicSale: { startsAt: null, endsAt: null },
  priceRange: { minMinor: 5800, maxMinor: 49500, currency: "GBP" },
  venue: { id: "KovZ9177Arf", name: "Wembley Stadium", city: "London", stateCode: null, countryCode: "GB", latitude: null, longitude: null, timezone: "Europe/London" },
});

async function seedFans(database: Database, count: number, extras: { sms: number; push: (index: number) => { endpoint: string; p256dh: string; auth: string } | null }) {
  const db = database.db;
  const ids = Array.from({ length: count }, () => randomUUID());
  const watchRows: WatchRow[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const slice = ids.slice(start, start + CHUNK);
    await db.insert(users).values(slice.map((id, i) => ({ id, name: `Fan ${start + i}`, email: `fan${start + i}@fanout.example`, emailVerified: true, tier: "premium" as const, timeZone: "Europe/London" })));
    const channelsOf = (index: number): WatchRow["channels"] => [
      "email",
      "in-app",
      ...(index < extras.sms ? (["sms"] as const) : []),
      ...(extras.push(index) ? (["push"] as const) : []),
    ];
    watchRows.push(...(await db.insert(watches).values(slice.map((userId, i) => ({ userId, name: "Eras Tour London", stages: ["on-sale" as const], channels: channelsOf(start + i) }))).returning()));
  }
  const now = new Date();
  const smsFans = ids.slice(0, extras.sms);
  if (smsFans.length) {
    await db.insert(phoneNumbers).values(
      smsFans.map((userId, i) => ({ userId, e164: `+4477009${String(i).padStart(5, "0")}`, verifiedAt: now, consentAt: now, consentText: SMS_CONSENT_DISCLOSURE.text, consentVersion: SMS_CONSENT_DISCLOSURE.version })),
    );
  }
  const pushes = ids.flatMap((userId, index) => {
    const keys = extras.push(index);
    return keys ? [{ userId, ...keys }] : [];
  });
  if (pushes.length) await db.insert(pushSubscriptions).values(pushes);
  return watchRows;
}

/** One change, every fan's watch matches: alerts and deliveries written together, a chunk per transaction. */
async function createFanOut(database: Database, watchRows: WatchRow[], now: Date) {
  const decidedAt = now.toISOString();
  for (let start = 0; start < watchRows.length; start += CHUNK) {
    const slice = watchRows.slice(start, start + CHUNK);
    await database.db.transaction(async (tx) => {
      const recorded = await recordObservedEventsIn(tx, [event], { now, sourceNow: now });
      const decisions: AlertDecision[] = slice.map((watch) => ({
        idempotencyKey: `${watch.id}|ticketmaster:FANOUT1|on-sale|on-sale`,
        watchId: watch.id,
        userId: watch.userId,
        provider: "ticketmaster",
        eventId: event.id,
        kind: "on-sale",
        stage: "on-sale",
        bucket: "on-sale",
        change: { kind: "on-sale", startsAt: decidedAt },
        event,
        uncheckedCriteria: [],
        priceMinor: null,
        currency: null,
        decidedAt,
        origin: "change",
      }));
      const created = await storeDecisions(tx, decisions, recorded.rowIds, { byId: new Map(slice.map((watch) => [watch.id, watch])), timeZoneOf: () => "Europe/London" });
      await planDeliveriesForAlerts(tx, created, now);
    });
  }
}

interface Vendors {
  resend: { url: string; apiKey: string };
  twilio: { url: string; accountSid: string; authToken: string };
  call<T>(request: { type: VendorRequest["type"] } & Record<string, unknown>): Promise<T>;
}

/** Starts the vendor fakes in a child process (see fanout-vendors.ts). */
async function startVendors(requestsPerSecond: number): Promise<Vendors> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "fanout-vendors.ts");
  const child = fork(script, [String(requestsPerSecond)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting = new Map<number, (result: unknown) => void>();
  child.on("message", (message: { id: number; result: unknown }) => {
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  });
  let nextId = 1;
  const call = <T>(request: Record<string, unknown>) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve as (result: unknown) => void);
      child.send({ ...request, id });
    });
  const ready = await new Promise<{ resend: Vendors["resend"]; twilio: Vendors["twilio"] }>((resolve, reject) => {
    waiting.set(0, resolve as (result: unknown) => void);
    child.once("exit", (code) => reject(new Error(`vendor fakes exited (${code})`)));
  });
  return { ...ready, call };
}

/** PGlite in memory, or a throwaway database on a PostgreSQL server (where queries leave this thread). */
async function openBenchDatabase(serverUrl: string | undefined): Promise<Database & { destroy(): Promise<void> }> {
  if (!serverUrl) {
    const database = openDatabase({ dataDir: "memory://" });
    return { ...database, destroy: () => database.close() };
  }
  const bench = await createBenchDatabase({ serverUrl, prefix: "seatwatch_fanout", poolSize: 10 });
  return { ...bench.database, destroy: () => bench.destroy() };
}

function countDuplicates(keys: readonly string[]): number {
  return keys.length - new Set(keys).size;
}

export async function runFanoutBench(options: FanoutBenchOptions = {}): Promise<FanoutBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const emails = options.emails ?? (options.quick ? 1_000 : 10_000);
  const smsCount = Math.min(200, Math.ceil(emails / 50));
  const pushCount = smsCount;
  const vendors = await startVendors(RESEND_REQUESTS_PER_SECOND);
  const database = await openBenchDatabase(options.databaseUrl ?? process.env.FANOUT_DATABASE_URL);
  try {
    await database.migrate();
    const vapid = { ...generateVapidKeys(), subject: "mailto:bench@seatwatch.example" };
    const devices = await vendors.call<{ endpoint: string; keys: { p256dh: string; auth: string } }[]>({ type: "subscribe", count: pushCount, applicationServerKey: vapid.publicKey });
    const watchRows = await seedFans(database, emails, { sms: smsCount, push: (index) => (index >= smsCount && index < smsCount + pushCount ? { endpoint: devices[index - smsCount]!.endpoint, ...devices[index - smsCount]!.keys } : null) });

    let started = performance.now();
    await createFanOut(database, watchRows, new Date());
    const planSeconds = (performance.now() - started) / 1000;
    log(`fanout: ${emails.toLocaleString("en")} alerts planned in ${planSeconds.toFixed(1)} s (alerts + deliveries in the same transactions)`);

    const env = notificationEnvSchema.parse({
      RESEND_API_KEY: vendors.resend.apiKey,
      RESEND_BASE_URL: vendors.resend.url,
      RESEND_REQUESTS_PER_SECOND: String(RESEND_REQUESTS_PER_SECOND),
      EMAIL_FROM: "Seatwatch <alerts@seatwatch.example>",
      TWILIO_ACCOUNT_SID: vendors.twilio.accountSid,
      TWILIO_AUTH_TOKEN: vendors.twilio.authToken,
      TWILIO_FROM: "+15005550006",
      TWILIO_BASE_URL: vendors.twilio.url,
    });
    const channels = createNotificationChannels(env, {
      writeDevOutbox: createDevOutboxWriter(database.db),
      vapid,
      log: () => undefined,
      outboundPolicy: { allowHttp: true, checkAddress: allowAddressesForTests(["127.0.0.1"]) },
    });
    const deps = {
      db: database.db,
      channels,
      links: { appUrl: "https://seatwatch.example", secret: "fanout-bench-secret" },
      smsLookup: createTwilioSmsLookup({ accountSid: vendors.twilio.accountSid, authToken: vendors.twilio.authToken, baseUrl: vendors.twilio.url }),
      owner: "fanout-bench",
      log: () => undefined,
    };
    // A worker process that has run for a while has rendered before; React's cold start (most of a second
    // on the first render) is a process start-up cost, not a fan-out cost.
    await renderAlertEmail(buildAlertMessage("on-sale-now"));
    started = performance.now();
    const startedAt = Date.now();
    for (;;) if ((await deliverDueDeliveries(deps, { limit: 5_000 })).claimed === 0) break;
    const fanoutSeconds = (performance.now() - started) / 1000;

    const stats = await vendors.call<VendorStats>({ type: "stats" });
    if (process.env.FANOUT_DEBUG) {
      const gaps = stats.resendCalls.slice(1).map((at, i) => at - stats.resendCalls[i]!);
      log(`first call after ${stats.resendCalls[0]! - startedAt} ms; calls span ${stats.resendCalls.at(-1)! - stats.resendCalls[0]!} ms; gaps > 260 ms: ${gaps.filter((gap) => gap > 260).join(",")}`);
    }
    const [unsent] = await database.db.execute(sql`select count(*)::int as n from deliveries where status <> 'sent'`).then((result) => (result as unknown as { rows: { n: number }[] }).rows);
    const [planned] = await database.db.execute(sql`select count(*)::int as n from deliveries where channel = 'email'`).then((result) => (result as unknown as { rows: { n: number }[] }).rows);
    if (planned!.n !== emails) throw new Error(`expected ${emails} email deliveries, planned ${planned!.n}`);
    return {
      emails: stats.emailRecipients.length,
      sms: stats.smsRecipients.length,
      push: stats.pushSubscriptions.length,
      fanoutSeconds: Math.round(fanoutSeconds * 100) / 100,
      fanoutFloorSeconds: emails / RESEND_BATCH / RESEND_REQUESTS_PER_SECOND,
      fanoutDuplicates: countDuplicates(stats.emailRecipients) + countDuplicates(stats.smsRecipients) + countDuplicates(stats.pushSubscriptions),
      fanoutUnsent: unsent!.n,
      planSeconds: Math.round(planSeconds * 100) / 100,
      resendCalls: stats.resendCalls.length,
      database: database.kind === "postgres" ? `postgresql (${database.location})` : "pglite (in memory)",
    };
  } finally {
    await vendors.call({ type: "close" });
    await database.destroy();
  }
}

function readFlag(args: string[], name: string): number | undefined {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? Number(args[at + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const result = await runFanoutBench({ quick: args.includes("--quick"), emails: readFlag(args, "--emails") });
  const ratio = result.fanoutSeconds / result.fanoutFloorSeconds;
  console.log(`fanout: ${result.emails.toLocaleString("en")} emails in ${result.resendCalls} Resend calls, ${result.sms} SMS, ${result.push} push`);
  console.log(`  sent in ${result.fanoutSeconds} s; floor ${result.fanoutFloorSeconds} s (emails ÷ ${RESEND_BATCH} ÷ ${RESEND_REQUESTS_PER_SECOND}/s); ${ratio.toFixed(2)}× the floor (goal ≤ 1.2×)`);
  console.log(`  duplicates: ${result.fanoutDuplicates}; unsent: ${result.fanoutUnsent}; database: ${result.database}`);
  if (args.includes("--json")) console.log(JSON.stringify(result));
}


