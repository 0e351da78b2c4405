/**
 * Every tRPC procedure, with a valid input and what each kind of caller must get. The authorization matrix
 * (authz-matrix.test.ts) runs it and fails when a procedure is missing here; the fuzz suite
 * (fuzz-procedures.test.ts) starts from the same inputs.
 */
import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { alerts, pushSubscriptions } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Context } from "@/server/api/trpc";
import { SMS_CONSENT_DISCLOSURE } from "@/server/notifications/render-sms";
import { recordObservedEvents } from "@/server/services/events";
import { createApiToken } from "@/server/services/tokens";
import { callerFor } from "../support/callers";
import { insertTestUser } from "../support/test-db";
import { buildEvent } from "./delivery-fixtures";

export type Role = "anonymous" | "fan" | "otherFan" | "admin";
export const ROLES: readonly Role[] = ["anonymous", "otherFan", "admin", "fan"];

/** "ok": the call succeeds; "ok-unchanged": it succeeds and changes nothing; otherwise the tRPC error code. */
export type Outcome = "ok" | "ok-unchanged" | TRPC_ERROR_CODE_KEY;

export type UserRow = Awaited<ReturnType<typeof insertTestUser>>;

/** One fan's things, made fresh for each procedure: `fan` owns them, the other callers try to reach them. */
export interface Fixture {
  owner: UserRow;
  /** Another fan and an admin, fresh too, so no earlier procedure left them holding state (a pending code). */
  otherFan: UserRow;
  admin: UserRow;
  /** An account an admin acts on (tier, disable). */
  target: UserRow;
  watchId: string;
  watchName: string;
  deletedWatchId: string;
  eventId: string;
  alertId: string;
  deviceId: string;
  tokenId: string;
  /** The last verification code texted through the fixture's SMS channel. */
  lastCode(): string;
  notifications: NonNullable<Context["notifications"]>;
}

export interface ProcedureCase {
  input?: (fixture: Fixture) => unknown;
  expect: Record<Role, Outcome>;
  /** Owner-side setup the call needs (a code to confirm). */
  prepare?: (fixture: Fixture, database: Database) => Promise<void>;
}

const signedIn = (fan: Outcome, otherFan: Outcome, admin: Outcome): Record<Role, Outcome> => ({ anonymous: "UNAUTHORIZED", fan, otherFan, admin });
/** Acts on the caller's own account: every signed-in caller gets an answer about themselves. */
const own = (input?: ProcedureCase["input"]): ProcedureCase => ({ input, expect: signedIn("ok", "ok", "ok") });
/** Names the owner's resource: anyone else, admins included, is told it does not exist. */
const owned = (input: ProcedureCase["input"]): ProcedureCase => ({ input, expect: signedIn("ok", "NOT_FOUND", "NOT_FOUND") });
const adminOnly = (input?: ProcedureCase["input"]): ProcedureCase => ({ input, expect: signedIn("FORBIDDEN", "FORBIDDEN", "ok") });

const arsenalWatch = { name: "Arsenal home games", attractions: [{ id: "K8vZ9171oZ7", name: "Arsenal" }], countryCode: "GB", maxPrice: 85.5, currency: "GBP" };

export const PROCEDURES: Record<string, ProcedureCase> = {
  "watches.list": own(),
  "watches.get": owned((f) => ({ id: f.watchId })),
  "watches.health": owned((f) => ({ id: f.watchId })),
  // Previews the caller's unsaved watch against the shared catalogue: nothing is stored.
  "watches.preview": { input: () => arsenalWatch, expect: signedIn("ok-unchanged", "ok-unchanged", "ok-unchanged") },
  "watches.create": own(() => ({ ...arsenalWatch, name: "Created in the matrix" })),
  "watches.update": owned((f) => ({ id: f.watchId, patch: { name: "Renamed" } })),
  "watches.pause": owned((f) => ({ id: f.watchId })),
  "watches.resume": owned((f) => ({ id: f.watchId })),
  "watches.duplicate": owned((f) => ({ id: f.watchId })),
  "watches.delete": owned((f) => ({ id: f.watchId })),
  "watches.restore": owned((f) => ({ id: f.deletedWatchId })),

  "watchEvents.matches": owned((f) => ({ id: f.watchId })),
  // Lists the caller's own watches for a catalogue event: another fan gets their own (empty) list.
  "watchEvents.forEvent": { input: (f) => ({ id: f.eventId }), expect: signedIn("ok", "ok-unchanged", "ok-unchanged") },
  "watchEvents.mute": owned((f) => ({ watchId: f.watchId, eventId: f.eventId, mode: "bought" })),
  "watchEvents.unmute": owned((f) => ({ watchId: f.watchId, eventId: f.eventId })),

  "alerts.list": owned((f) => ({ watchId: f.watchId })),
  "alerts.unreadCount": own(),
  // Marks only the caller's own alerts: naming someone else's marks nothing.
  "alerts.markRead": { input: (f) => ({ ids: [f.alertId] }), expect: signedIn("ok", "ok-unchanged", "ok-unchanged") },

  "calendar.get": own(),
  "calendar.regenerate": own(),
  "calendar.revoke": own(),
  "dashboard.get": own(),

  "profile.get": own(),
  "profile.update": own(() => ({ name: "Renamed Fan", timeZone: "Europe/Paris" })),
  "profile.export": own(),

  "catalog.attractions": own(() => ({ keyword: "Arsenal" })),
  "catalog.venues": own(() => ({ keyword: "Emirates" })),

  // The development mailbox is off in production unless SEATWATCH_DEV_MAILBOX opens it (the matrix runs the
  // production default; security-dev-mail.test.ts runs the `own` and `open` modes).
  "dev.mailbox": { input: () => ({ limit: 10 }), expect: { anonymous: "FORBIDDEN", fan: "FORBIDDEN", otherFan: "FORBIDDEN", admin: "FORBIDDEN" } },

  "admin.quota": adminOnly(),
  "admin.quotaLedger": adminOnly(),
  "admin.operations": adminOnly(),
  "admin.users.list": adminOnly(() => ({ q: "", limit: 10 })),
  "admin.users.setTier": adminOnly((f) => ({ userId: f.target.id, tier: "premium" })),
  "admin.users.setDisabled": adminOnly((f) => ({ userId: f.target.id, isDisabled: true })),

  "events.get": own((f) => ({ id: f.eventId })),
  "events.search": own(() => ({ q: "Arctic" })),

  "meta.info": { expect: { anonymous: "ok", fan: "ok", otherFan: "ok", admin: "ok" } },

  "notifications.settings": own(),
  "notifications.updateSettings": own(() => ({ quietHours: { start: "22:00", end: "07:00" } })),
  "notifications.setWebhook": own(() => ({ url: null })),
  // No webhook is saved in the fixture, so every signed-in caller is told to save one first (no request leaves).
  "notifications.testWebhook": { expect: signedIn("BAD_REQUEST", "BAD_REQUEST", "BAD_REQUEST") },
  "notifications.phone": own(),
  "notifications.startPhoneVerification": own(() => ({ phone: `+4477009${String(Math.floor(Math.random() * 90_000) + 10_000)}`, consent: true, disclosureVersion: SMS_CONSENT_DISCLOSURE.version })),
  // The code confirms only the caller's own pending number: others have none pending.
  "notifications.confirmPhone": {
    input: (f) => ({ code: f.lastCode() }),
    expect: signedIn("ok", "BAD_REQUEST", "BAD_REQUEST"),
    prepare: async (f, database) => {
      await callerFor(database, f.owner, { notifications: f.notifications }).notifications.startPhoneVerification({ phone: "+447700900777", consent: true, disclosureVersion: SMS_CONSENT_DISCLOSURE.version });
    },
  },
  "notifications.removePhone": own(),
  // The development outbox's texts (each fan's own): shut, like the mailbox, while it is off.
  "notifications.devTexts": { expect: signedIn("FORBIDDEN", "FORBIDDEN", "FORBIDDEN") },
  "notifications.pushDevices": own(),
  "notifications.removePushDevice": owned((f) => ({ id: f.deviceId })),
  "notifications.deliveriesForAlert": owned((f) => ({ alertId: f.alertId })),
  // Statuses of the caller's own alerts only: naming someone else's gets nothing back.
  "notifications.deliveryStatuses": { input: (f) => ({ alertIds: [f.alertId] }), expect: signedIn("ok", "ok-unchanged", "ok-unchanged") },

  // An SSE stream of the caller's own alerts (the handshake; nothing is iterated here).
  "live.alerts": own(() => ({})),

  "suggestions.attractions": own(),

  "tokens.list": own(),
  "tokens.create": own(() => ({ name: "Matrix token", access: "read-only" })),
  "tokens.revoke": owned((f) => ({ id: f.tokenId })),
};

/** Raw SQL rows on either driver (PGlite and node-postgres both answer `{ rows }`). */
async function selectRows<T>(database: Database, query: SQL): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

let eventId: string | undefined;

/** The catalogue event every fixture points at (events are shared, not owned). */
async function ensureEvent(database: Database): Promise<string> {
  if (eventId) return eventId;
  const now = new Date();
  await recordObservedEvents(database.db, [buildEvent("MATRIX-1")], { now, sourceNow: now });
  const [row] = await selectRows<{ id: string }>(database, sql`select id from events where provider_event_id = 'MATRIX-1'`);
  eventId = row!.id;
  return eventId;
}

/** A fresh owner with a watch, a deleted watch, an alert, a push device and a token. */
export async function createFixture(database: Database): Promise<Fixture> {
  const owner = await insertTestUser(database, { name: "Owner Fan", email: `owner-${randomUUID()}@example.test` });
  const target = await insertTestUser(database, { name: "Target Fan", email: `target-${randomUUID()}@example.test` });
  const otherFan = await insertTestUser(database, { name: "Other Fan", email: `other-${randomUUID()}@example.test` });
  const admin = await insertTestUser(database, { name: "Admin", role: "admin", email: `admin-${randomUUID()}@example.test` });
  const texts: string[] = [];
  const notifications: Fixture["notifications"] = {
    clientIp: null,
    sms: {
      vendor: "dev-outbox",
      send: async (delivery) => {
        texts.push(delivery.body);
        return { status: "sent", providerMessageId: `SM${texts.length}` };
      },
    },
  };
  const api = callerFor(database, owner);
  const watchName = `Private watch ${randomUUID().slice(0, 8)}`;
  const watch = await api.watches.create({ ...arsenalWatch, name: watchName });
  const deleted = await api.watches.create({ ...arsenalWatch, name: `${watchName} (deleted)` });
  await api.watches.delete({ id: deleted.id });
  const event = await ensureEvent(database);
  const [alert] = await database.db
    .insert(alerts)
    .values({
      userId: owner.id, watchId: watch.id, eventId: event, kind: "on-sale", stage: "on-sale", bucket: "0", provider: "ticketmaster", providerEventId: "MATRIX-1",
      origin: "change", decidedAt: new Date(), idempotencyKey: `matrix-${randomUUID()}`, title: watchName, body: "On sale", url: "https://www.ticketmaster.co.uk/event/1", payload: {},
    })
    .returning();
  const [device] = await database.db
    .insert(pushSubscriptions)
    .values({ userId: owner.id, endpoint: `https://push.example.test/${randomUUID()}`, p256dh: "BPk", auth: "auth-secret", userAgent: "Matrix" })
    .returning();
  const token = await createApiToken(database.db, owner.id, { name: "Owner's token", access: "read-write" });
  return {
    owner, otherFan, admin, target, watchId: watch.id, watchName, deletedWatchId: deleted.id, eventId: event, alertId: alert!.id, deviceId: device!.id, tokenId: token.id,
    notifications,
    lastCode: () => texts.at(-1)?.match(/\b\d{6}\b/)?.[0] ?? "000000",
  };
}

/** Calls a procedure by its dotted name through a caller. Subscriptions count as answered once their stream opens. */
export async function callProcedure(caller: unknown, name: string, input: unknown): Promise<unknown> {
  const procedure = name.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
  const result = await procedure(input);
  const iterator = result as AsyncIterable<unknown> & { return?: () => Promise<unknown> } | null;
  if (iterator && typeof iterator === "object" && Symbol.asyncIterator in iterator) await iterator[Symbol.asyncIterator]().return?.();
  return result;
}

/**
 * A fingerprint of every table's rows: equal fingerprints mean nothing was written. Ordered by each row's
 * text so it does not depend on physical order. `ignore` leaves out bookkeeping a refused call may still
 * write by design (a token's last use, a rate-limit counter).
 */
export async function fingerprintDatabase(database: Database, options: { ignore?: string[] } = {}): Promise<Record<string, string>> {
  const tables = await selectRows<{ tablename: string }>(database, sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const digests = tables
    .filter(({ tablename }) => !options.ignore?.includes(tablename))
    .map(({ tablename }) => `select '${tablename}' as name, count(*)::int as count, md5(string_agg(t::text, '|' order by t::text)) as digest from "${tablename}" t`);
  const rows = await selectRows<{ name: string; count: number; digest: string | null }>(database, sql.raw(digests.join(" union all ")));
  return Object.fromEntries(rows.map((row) => [row.name, `${row.count}:${row.digest ?? "-"}`]));
}

// ── REST API v1 (server/rest/routes.ts) ─────────────────────────────────────────────────────────────────────

export type RestRole = "anonymous" | "fan" | "fanReadOnly" | "otherFan" | "admin";
/** The owner's read-write token goes last: it may delete what the others must not reach. */
export const REST_ROLES: readonly RestRole[] = ["anonymous", "fanReadOnly", "otherFan", "admin", "fan"];

export interface RestCase {
  /** The concrete path (ids filled in) and body for the owner's resources. */
  request: (fixture: Fixture) => { path: string; body?: unknown };
  /** HTTP status each caller must get. */
  expect: Record<RestRole, number>;
}

const tokenRead = (fan: number, otherFan: number, admin: number): Record<RestRole, number> => ({ anonymous: 401, fan, fanReadOnly: fan, otherFan, admin });
const tokenWrite = (fan: number, otherFan: number, admin: number): Record<RestRole, number> => ({ anonymous: 401, fan, fanReadOnly: 403, otherFan, admin });

/** Keyed `METHOD /api/v1/path/{param}` exactly as the route table names them. */
export const REST_ROUTES: Record<string, RestCase> = {
  "GET /api/v1/health": { request: () => ({ path: "/api/v1/health" }), expect: { anonymous: 200, fan: 200, fanReadOnly: 200, otherFan: 200, admin: 200 } },
  "GET /api/v1/openapi.json": { request: () => ({ path: "/api/v1/openapi.json" }), expect: { anonymous: 200, fan: 200, fanReadOnly: 200, otherFan: 200, admin: 200 } },
  "GET /api/v1/watches": { request: () => ({ path: "/api/v1/watches" }), expect: tokenRead(200, 200, 200) },
  "POST /api/v1/watches": { request: () => ({ path: "/api/v1/watches", body: { ...arsenalWatch, name: "Created over REST" } }), expect: tokenWrite(201, 201, 201) },
  "GET /api/v1/watches/{id}": { request: (f) => ({ path: `/api/v1/watches/${f.watchId}` }), expect: tokenRead(200, 404, 404) },
  "PATCH /api/v1/watches/{id}": { request: (f) => ({ path: `/api/v1/watches/${f.watchId}`, body: { name: "Renamed over REST" } }), expect: tokenWrite(200, 404, 404) },
  "DELETE /api/v1/watches/{id}": { request: (f) => ({ path: `/api/v1/watches/${f.watchId}` }), expect: tokenWrite(200, 404, 404) },
  "GET /api/v1/alerts": { request: (f) => ({ path: `/api/v1/alerts?watchId=${f.watchId}` }), expect: tokenRead(200, 404, 404) },
  "GET /api/v1/events": { request: () => ({ path: "/api/v1/events?q=Arctic" }), expect: tokenRead(200, 200, 200) },
  "GET /api/v1/events/{id}": { request: (f) => ({ path: `/api/v1/events/${f.eventId}` }), expect: tokenRead(200, 200, 200) },
  "GET /api/v1/quota": { request: () => ({ path: "/api/v1/quota" }), expect: { anonymous: 401, fan: 403, fanReadOnly: 403, otherFan: 403, admin: 200 } },
};

/** Bearer tokens for every REST role over one fixture (the owner's read-write one is minted with the fixture). */
export async function mintRestTokens(database: Database, fixture: Fixture): Promise<Record<RestRole, string | null>> {
  const mint = async (user: UserRow, access: "read-only" | "read-write") => (await createApiToken(database.db, user.id, { name: "Matrix", access })).token;
  return {
    anonymous: null,
    fan: await mint(fixture.owner, "read-write"),
    fanReadOnly: await mint(fixture.owner, "read-only"),
    otherFan: await mint(fixture.otherFan, "read-write"),
    admin: await mint(fixture.admin, "read-write"),
  };
}
