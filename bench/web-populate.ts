/**
 * The populated database `npm run bench:web` serves: the sandbox world's events stored through the catalogue
 * sweep (the app's own path), then in bulk inserts N fans, each with a session (the signed cookie a browser
 * would hold), an API token, W/N watches on attractions that have events, and A/N alerts on those events.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { alerts, apiTokens, events, sessions, users, watches } from "@/db/schema";
import { TicketmasterProvider } from "@/server/providers/ticketmaster/provider";
import { TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { InMemoryQuotaGate } from "@/server/providers/http/in-memory-quota-gate";
import { createRandom } from "@/server/sandbox/world/random";
import { startSandbox } from "@/server/sandbox/world";
import { sweepCatalog } from "@/server/services/catalog-sweep";
import { hashApiToken } from "@/server/services/tokens";
import { DEFAULT_STAGES } from "@/server/services/watches/input";

/**
 * As Better Auth sets a new session's expiry (session.expiresIn in server/auth/create-auth.ts). A shorter one
 * reads as a session older than updateAge, which Better Auth extends (a write and a new cookie) on its first
 * read: a once-a-day cost that made the first request kind measured look slower than it is.
 */
const SESSION_DAYS = 30;

export interface PopulateOptions {
  fans: number;
  watches: number;
  alerts: number;
  /** Signs the session cookies, as BETTER_AUTH_SECRET does for the web process. */
  secret: string;
  seed?: number;
}

export interface BenchFan {
  id: string;
  /** The Cookie header a signed-in browser sends. */
  cookie: string;
  /** `Authorization: Bearer …` for the REST API. */
  token: string;
  watchIds: string[];
}

export interface Populated {
  fans: BenchFan[];
  eventIds: string[];
  counts: { fans: number; watches: number; alerts: number; events: number };
  seconds: number;
}

/** Better Auth's session cookie: the token, a dot and its HMAC-SHA256 under the secret (base64), URL-encoded. */
export function signSessionCookie(token: string, secret: string) {
  const signature = createHmac("sha256", secret).update(token).digest("base64");
  return `seatwatch.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
}

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Stores the sandbox world's catalogue (one sweep through the app's store-and-diff path). */
async function storeCatalogue(db: Db) {
  const sandbox = await startSandbox({ host: "127.0.0.1", port: 0 });
  try {
    const client = new TicketmasterClient({ apiKey: sandbox.key, baseUrl: sandbox.url, gate: new InMemoryQuotaGate() });
    const provider = new TicketmasterProvider({ client });
    const sourceNow = sandbox.clock.now();
    await sweepCatalog(db, provider, { countries: [], horizonDays: 365, maxCallsPerQuery: 60 }, { sourceNow, now: new Date() });
  } finally {
    await sandbox.close();
  }
  return db.select({ id: events.id, providerEventId: events.providerEventId, name: events.name, attractionIds: events.attractionIds, url: events.url }).from(events);
}

export async function populate(db: Db, options: PopulateOptions): Promise<Populated> {
  const started = Date.now();
  const random = createRandom(options.seed ?? 7);
  const stored = await storeCatalogue(db);
  const withAttraction = stored.filter((event) => event.attractionIds.length > 0);
  if (withAttraction.length === 0) throw new Error("the sandbox catalogue has no events with attractions");

  const fans: BenchFan[] = [];
  const userRows: (typeof users.$inferInsert)[] = [];
  const sessionRows: (typeof sessions.$inferInsert)[] = [];
  const tokenRows: (typeof apiTokens.$inferInsert)[] = [];
  for (let i = 0; i < options.fans; i += 1) {
    const id = randomUUID();
    const sessionToken = randomBytes(24).toString("base64url");
    const secret = `sw_${randomBytes(32).toString("base64url")}`;
    userRows.push({ id, name: `Load Fan ${i}`, email: `load${i}.${id.slice(0, 8)}@bench.test`, emailVerified: true, tier: i % 10 === 0 ? "premium" : "basic", timeZone: "Europe/London" });
    sessionRows.push({ id: randomUUID(), token: sessionToken, userId: id, expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000), userAgent: "bench" });
    tokenRows.push({ userId: id, name: "bench", prefix: secret.slice(0, 10), tokenHash: hashApiToken(secret), access: "read-write" });
    fans.push({ id, cookie: signSessionCookie(sessionToken, options.secret), token: secret, watchIds: [] });
  }
  await insertChunked(userRows, 1_000, (chunk) => db.insert(users).values(chunk));
  await insertChunked(sessionRows, 1_000, (chunk) => db.insert(sessions).values(chunk));
  await insertChunked(tokenRows, 1_000, (chunk) => db.insert(apiTokens).values(chunk));

  const watchRows: (typeof watches.$inferInsert & { id: string })[] = [];
  const watchEvents = new Map<string, typeof withAttraction>();
  for (let i = 0; i < options.watches; i += 1) {
    const fan = fans[i % fans.length]!;
    const event = random.pick(withAttraction);
    const attractionId = event.attractionIds[0]!;
    const id = randomUUID();
    watchRows.push({
      id,
      userId: fan.id,
      name: `${event.name.slice(0, 40)} alerts`,
      attractions: [{ id: attractionId, name: event.name.slice(0, 60) }],
      maxPriceMinor: 5_000 + Math.floor(random.next() * 20_000),
      currency: "GBP",
      stages: [...DEFAULT_STAGES],
      channels: ["in-app", "email"],
      baselinedAt: new Date(),
    });
    fan.watchIds.push(id);
    watchEvents.set(id, withAttraction.filter((candidate) => candidate.attractionIds.includes(attractionId)));
  }
  await insertChunked(watchRows, 1_000, (chunk) => db.insert(watches).values(chunk));

  const alertRows: (typeof alerts.$inferInsert)[] = [];
  for (let i = 0; i < options.alerts; i += 1) {
    const fan = fans[i % fans.length]!;
    const watchId = fan.watchIds[Math.floor(random.next() * fan.watchIds.length)]!;
    const event = random.pick(watchEvents.get(watchId)!);
    const price = 2_000 + Math.floor(random.next() * 10_000);
    const decidedAt = new Date(Date.now() - Math.floor(random.next() * 30 * 86_400_000));
    alertRows.push({
      userId: fan.id,
      watchId,
      eventId: event.id,
      kind: "price-dropped",
      stage: "price",
      bucket: `GBP:${price}`,
      provider: "ticketmaster",
      providerEventId: event.providerEventId,
      priceMinor: price,
      currency: "GBP",
      origin: "change",
      decidedAt,
      idempotencyKey: `bench:${i}:${randomUUID()}`,
      title: event.name,
      body: `Now from £${(price / 100).toFixed(2)}`,
      url: event.url,
      payload: {},
      createdAt: decidedAt,
      readAt: random.next() < 0.7 ? decidedAt : null,
    });
  }
  await insertChunked(alertRows, 1_000, (chunk) => db.insert(alerts).values(chunk));
  await db.execute("analyze");
  return {
    fans,
    eventIds: stored.map((event) => event.id),
    counts: { fans: fans.length, watches: watchRows.length, alerts: alertRows.length, events: stored.length },
    seconds: (Date.now() - started) / 1000,
  };
}
