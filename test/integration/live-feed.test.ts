/**
 * The live alert feed across processes: each "web process" is its own database handle and hub (its own
 * LISTEN connection); alerts are created through the engine's integration point (store + plan deliveries,
 * which NOTIFYs) on a third handle. On PostgreSQL these are three separate connections to one server; on
 * PGlite the two hubs listen on the one in-process database.
 */
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { createCaller } from "@/server/api/root";
import type { Change } from "@/server/engine";
import { createLiveAlertHub, type LiveAlertHub } from "@/server/services/live/hub";
import { MAX_STREAMS_PER_FAN, streamLiveAlerts, type LiveAlert } from "@/server/services/live/stream";
import { createFakeProvider } from "../support/fake-provider";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { buildEvent, createAlerts, decide, insertFan, insertWatch, OFFICIAL_URL } from "./delivery-fixtures";

/** How long a stream may take to show an alert before the test fails (not a timing assertion). */
const ARRIVAL_TIMEOUT_MS = 15_000;

interface WebProcess {
  name: string;
  database: Database;
  hub: LiveAlertHub;
}

let database: TestDatabase;
let webA: WebProcess;
let webB: WebProcess;
const isPostgres = Boolean(process.env.TEST_DATABASE_URL);

beforeAll(async () => {
  database = await createTestDatabase();
  // B reconnects its listener after a full second, so the test can commit an alert while it is down.
  const openProcess = (name: string, retry: { firstMs: number; maxMs: number }): WebProcess => {
    const handle = database.raw.kind === "postgres" ? openDatabase({ url: database.raw.pool.options.connectionString!, poolSize: 3 }) : database;
    return { name, database: handle, hub: createLiveAlertHub({ raw: handle.raw, applicationName: `seatwatch-live-test-${name}`, retry, log: () => undefined }) };
  };
  webA = openProcess("a", { firstMs: 50, maxMs: 500 });
  webB = openProcess("b", { firstMs: 1_000, maxMs: 2_000 });
});

afterAll(async () => {
  for (const web of [webA, webB]) {
    await web?.hub.close();
    if (web && web.database !== database) await web.database.close();
  }
  await database?.destroy();
});

type Fan = Awaited<ReturnType<typeof insertFan>>;

async function newFan() {
  const fan = await insertFan(database);
  const watch = await insertWatch(database, fan.id, { channels: ["in-app"] });
  return { fan, watch };
}

/** Creates one alert for the fan the way a poll does (its own transaction on the third handle). */
async function createAlert(owner: Awaited<ReturnType<typeof newFan>>, change: Change = { kind: "announced" }) {
  const event = buildEvent(`E${randomUUID().slice(0, 8)}`);
  const [alert] = await createAlerts(database, [decide(owner.watch, event, change)], [owner.watch], new Date());
  return alert!;
}

function callerOn(web: WebProcess, fan: Fan | null, signal?: AbortSignal) {
  return createCaller(
    {
      db: web.database.db,
      user: fan ? { id: fan.id, email: fan.email, name: fan.name, role: "fan", tier: "basic", timeZone: fan.timeZone } : null,
      devMailbox: "off",
      dataSource: "sandbox",
      provider: createFakeProvider(),
      source: { keyLabel: "tm:test", dataSource: "sandbox", hasSectionData: false, readCircuit: () => ({ state: "closed", consecutiveFailures: 0, openedAt: null, retryAt: null }) },
      live: web.hub,
    },
    { signal },
  );
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ARRIVAL_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits until a process holds this many streams (they subscribe when their generator first runs). */
function waitForStreams(web: WebProcess, count: number) {
  return within(
    (async () => {
      while (web.hub.stats().streams !== count) await new Promise((resolve) => setTimeout(resolve, 20));
    })(),
    `${count} streams on process ${web.name}`,
  );
}

/** A fan's stream on a web process through the tRPC router, as the browser's EventSource would open it. */
async function openStream(web: WebProcess, fan: Fan, lastEventId?: string | null) {
  const controller = new AbortController();
  // `null` is what a client without a last event id may send; undefined is what tRPC's link sends.
  const iterable = await callerOn(web, fan, controller.signal).live.alerts(lastEventId === null ? null : lastEventId ? { lastEventId } : undefined);
  const iterator = iterable[Symbol.asyncIterator]();
  const streams = [] as Promise<IteratorResult<unknown>>[];
  return {
    /** The next event: [sse id, alert]. Each call asks once; a pending ask is reused by the next call. */
    async next(what: string): Promise<{ id: string; alert: LiveAlert }> {
      const pending = streams.shift() ?? iterator.next();
      const result = await within(pending, what);
      if (result.done) throw new Error(`the stream ended while waiting for ${what}`);
      const [id, alert] = result.value as [string, LiveAlert];
      return { id, alert };
    },
    /** Starts the generator (subscribe, read the starting point) without waiting for an event. */
    start() {
      streams.push(iterator.next());
    },
    async close() {
      controller.abort();
      await iterator.return?.(undefined);
    },
  };
}

/**
 * Opens the service's stream on process A, waits until it has read its starting point, runs `create`, and
 * returns what was created and the first alert the stream yields.
 */
async function firstOnServiceStream(fan: Fan, lastEventId: string | undefined, create: () => Promise<{ id: string }>) {
  const controller = new AbortController();
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const stream = streamLiveAlerts({ db: webA.database.db, hub: webA.hub }, fan.id, { lastEventId, signal: controller.signal, onStarted: markStarted });
  try {
    const first = stream.next();
    await within(started, "the stream to start");
    const created = await create();
    const result = await within(first, "the first alert on the stream");
    if (result.done) throw new Error("the stream ended before its first alert");
    return { created, received: result.value };
  } finally {
    controller.abort();
    await stream.return(undefined);
  }
}

describe("live alert feed", () => {
  it("brings a fan's new alert to their stream on another web process, and never to another fan's stream", async () => {
    const ann = await newFan();
    const ben = await newFan();
    // Streams resume after an alert each fan already has, so the test does not race the streams' start.
    const annAnchor = await createAlert(ann);
    const benAnchor = await createAlert(ben);
    const annOnB = await openStream(webB, ann.fan, annAnchor.id);
    const annOnA = await openStream(webA, ann.fan, annAnchor.id);
    const benOnB = await openStream(webB, ben.fan, benAnchor.id);
    const benOnA = await openStream(webA, ben.fan, benAnchor.id);
    for (const stream of [annOnB, annOnA, benOnB, benOnA]) stream.start();
    try {
      const annAlert = await createAlert(ann, { kind: "on-sale", startsAt: new Date().toISOString() });
      // Committed after Ann's: if Ann's alert could reach Ben's streams, it would arrive there first.
      const benAlert = await createAlert(ben);

      const onB = await annOnB.next("Ann's alert on process B");
      expect(onB.id).toBe(annAlert.id);
      expect(onB.alert).toMatchObject({ id: annAlert.id, watchId: ann.watch.id, kind: "on-sale", url: expect.stringContaining(OFFICIAL_URL), alertPath: `/alerts?alert=${annAlert.id}` });
      expect(onB.alert.createdAt).toBeInstanceOf(Date);
      expect((await annOnA.next("Ann's alert on process A")).id).toBe(annAlert.id);
      expect((await benOnB.next("Ben's alert on process B")).id).toBe(benAlert.id);
      expect((await benOnA.next("Ben's alert on process A")).id).toBe(benAlert.id);
      expect(webA.hub.stats()).toMatchObject({ streams: 2, fans: 2, isListening: true });
    } finally {
      for (const stream of [annOnB, annOnA, benOnB, benOnA]) await stream.close();
    }
    expect(webB.hub.stats()).toMatchObject({ streams: 0, fans: 0 });
  });

  it("resumes after the last event id: an alert committed while the client was away arrives, the last one seen does not repeat", async () => {
    // A resumed stream repeats the lookback window before the last id (a late commit may hide there) except
    // that id itself; the client drops ids it already has.
    const ann = await newFan();
    const first = await createAlert(ann);
    const stream = await openStream(webB, ann.fan, first.id);
    stream.start();
    const second = await createAlert(ann);
    expect((await stream.next("the second alert")).id).toBe(second.id);
    await stream.close();

    const missed = await createAlert(ann);
    // The browser reconnects (to whichever process) with Last-Event-ID = the second alert.
    const resumed = await openStream(webA, ann.fan, second.id);
    try {
      const received: string[] = [];
      while (received.at(-1) !== missed.id) received.push((await resumed.next("the alert missed while away")).id);
      expect(received).not.toContain(second.id);
      expect(received.every((id) => id === first.id || id === missed.id)).toBe(true);
      const later = await createAlert(ann);
      expect((await resumed.next("the next new alert")).id).toBe(later.id);
    } finally {
      await resumed.close();
    }
  });

  it("starts a fresh stream at now: alerts already committed are not replayed, the next one is", async () => {
    const ann = await newFan();
    const old = await createAlert(ann);
    const { created, received } = await firstOnServiceStream(ann.fan, undefined, () => createAlert(ann));
    expect(received.id).toBe(created.id);
    expect(received.id).not.toBe(old.id);
  });

  it.skipIf(!isPostgres)("keeps streaming after the process's LISTEN connection is killed (reconnects and catches up)", async () => {
    const ann = await newFan();
    const anchor = await createAlert(ann);
    const stream = await openStream(webB, ann.fan, anchor.id);
    stream.start();
    try {
      await within(webB.hub.ready(), "the listener");
      const admin = new pg.Client({ connectionString: (database.raw as Extract<Database["raw"], { kind: "postgres" }>).pool.options.connectionString });
      await admin.connect();
      try {
        const killed = await admin.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'seatwatch-live-test-b'");
        expect(killed.rows).toEqual([{ ok: true }]);
      } finally {
        await admin.end();
      }
      // Committed while the listener is down (it waits a second before reconnecting): only the catch-up read
      // after the reconnect can find it.
      const during = await createAlert(ann);
      expect((await stream.next("the alert committed around the drop")).id).toBe(during.id);
      expect(webB.hub.stats().reconnects).toBeGreaterThanOrEqual(1);
      const after = await createAlert(ann);
      expect((await stream.next("an alert after the reconnect")).id).toBe(after.id);
    } finally {
      await stream.close();
    }
  });

  it("refuses a signed-out caller and a malformed lastEventId with a clear message", async () => {
    const ann = await newFan();
    await expect(callerOn(webA, null).live.alerts(undefined)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerOn(webA, ann.fan).live.alerts({ lastEventId: "not-an-id" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("lastEventId must be an alert id") });
  });

  it(`refuses a fan's stream past ${MAX_STREAMS_PER_FAN} on one process with TOO_MANY_REQUESTS, and a closed stream frees its place`, async () => {
    const ann = await newFan();
    const anchor = await createAlert(ann);
    const streams = await Promise.all(Array.from({ length: MAX_STREAMS_PER_FAN }, () => openStream(webA, ann.fan, anchor.id)));
    try {
      for (const stream of streams) stream.start();
      await waitForStreams(webA, MAX_STREAMS_PER_FAN);
      const extra = await openStream(webA, ann.fan, anchor.id);
      // A tRPC error with that code, not a service error: over HTTP anything else would go out as a 500.
      const refusal = await extra.next("the refusal").catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(TRPCError);
      expect(refusal).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("close some tabs") });
      await streams.pop()!.close();
      const again = await openStream(webA, ann.fan, null);
      again.start();
      await waitForStreams(webA, MAX_STREAMS_PER_FAN);
      await again.close();
    } finally {
      for (const stream of streams) await stream.close();
    }
  });

  it("resumes another fan's alert id as a fresh start, without leaking that fan's alerts", async () => {
    const ann = await newFan();
    const ben = await newFan();
    const annAlert = await createAlert(ann);
    await createAlert(ann);
    const { created, received } = await firstOnServiceStream(ben.fan, annAlert.id, () => createAlert(ben));
    expect(received.id).toBe(created.id);
  });
});
