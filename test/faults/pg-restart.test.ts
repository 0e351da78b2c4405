/**
 * PostgreSQL restarted in the middle of a run: the web app (`npm start`'s server on the production build,
 * SEATWATCH_JOBS=false as in production) and a worker (`npm run worker`'s entry) on one database, alerts and
 * deliveries flowing from the Ticketmaster fake, then `pg_ctlcluster … restart` while a round of news is being
 * polled and sent. Both processes must be back within 30 s, and every alert and delivery must exist exactly
 * once: the expected set is known in advance (a watch per band, one new low per round) and compared with what
 * the database holds and what the fan's tRPC call returns; each email went out once (the dev outbox keeps one
 * mail per delivery key).
 *
 * Needs TEST_DATABASE_URL, and restarts the server behind it: run only through `npm run test:faults`, never
 * beside other suites. Locally, point it at a cluster of your own (SEATWATCH_FAULTS_PG_CLUSTER, see
 * docs/operations.md) rather than a shared one.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { ensureClusterUp, findCluster, restartCluster, type Cluster } from "./support/postgres-server";
import { mutate, query, signIn, waitFor, type Session } from "./support/session";
import { findFreePort, startWeb, type WebProcess } from "./support/web-process";
import { buildBandWorld, DAY, type BandWorld } from "./support/world";

const serverUrl = process.env.TEST_DATABASE_URL;
const KEY = "pg-restart-key";
const BANDS = 6;
const ROUNDS = 3;
const RECONNECT_MS = 30_000;

function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

describe.skipIf(!serverUrl)("PostgreSQL restarted mid-run (needs TEST_DATABASE_URL; restarts that server)", () => {
  let cluster: Cluster;
  let database: TestDatabase;
  let fake: TicketmasterFake;
  let web: WebProcess;
  let worker: WorkerProcess;
  let session: Session;
  let built: BandWorld;

  /** The test's own probes ride out the restart like the app must: an error is "not yet". */
  const probe = async <T>(read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch {
      return null;
    }
  };
  const count = async (statement: ReturnType<typeof sql>) => rows<{ n: number }>(await database.db.execute(statement))[0]!.n;
  const priceAlerts = () => count(sql`select count(*)::int as n from alerts where kind <> 'check-overdue'`);
  // No email vendor is configured here, so a delivered email is one the dev outbox kept (status `kept`).
  const keptEmails = () => count(sql`select count(*)::int as n from deliveries d join alerts a on a.id = d.alert_id where a.kind <> 'check-overdue' and d.status = 'kept'`);
  const explain = async () =>
    [
      JSON.stringify(await probe(async () => rows(await database.db.execute(sql`select kind, bucket, created_at from alerts order by created_at`))), null, 0),
      JSON.stringify(await probe(async () => rows(await database.db.execute(sql`select status, count(*)::int from deliveries group by status`)))),
      JSON.stringify(await probe(async () => rows(await database.db.execute(sql`select lease_owner, lease_expires_at, last_polled_at, last_error from provider_queries`)))),
      `web:\n${web.tail(15)}`,
      `worker:\n${worker.output.slice(-15).join("\n")}`,
    ].join("\n");
  const makeDue = () => probe(() => database.db.execute(sql`update provider_queries set next_due_at = now() where lease_owner is null`));

  /** Moves the world to `round` and waits until every watch has that round's alert and every email is kept by the dev outbox. */
  async function playRound(round: number, during?: () => Promise<void>) {
    fake.setClock({ elapsedMs: round * DAY + 60_000 });
    await makeDue();
    await during?.();
    await waitFor(
      `round ${round}'s ${BANDS * round} alerts and emails`,
      async () => {
        await makeDue();
        return (await probe(async () => (await priceAlerts()) === BANDS * round && (await keptEmails()) === BANDS * round)) ?? false;
      },
      // A poll cut by the restart holds its lease until it expires (LEASE_MS, 120 s).
      200_000,
      500,
      explain,
    );
  }

  beforeAll(async () => {
    cluster = findCluster(serverUrl!);
    database = await createTestDatabase();
    const url = new URL(serverUrl!);
    url.pathname = `/${database.location.split("/").pop()}`;
    built = buildBandWorld({ bands: BANDS, rounds: ROUNDS, startMs: Math.floor(Date.now() / 60_000) * 60_000, prefix: "Restart" });
    fake = await startTicketmasterFake({ key: KEY, world: built.world });
    const env = { DATABASE_URL: url.toString(), TICKETMASTER_API_KEY: KEY, TICKETMASTER_BASE_URL: fake.url, SEATWATCH_SWEEP_COUNTRIES: "NZ", BETTER_AUTH_SECRET: "seatwatch-worker-test-secret-0123456789abcdef0123456789" };
    const port = await findFreePort();
    web = await startWeb({ ...env, PORT: String(port), APP_URL: `http://localhost:${port}`, SEATWATCH_JOBS: "false", SEATWATCH_DEMO: "true" });
    worker = startWorker("worker", env);
    await worker.ready;
    session = await signIn(web.url);
    for (const band of built.attractions) {
      await mutate(session, "watches.create", { name: band.name, attractions: [{ id: band.id, name: band.name }], maxPrice: 200, currency: "GBP", rearm: { mode: "new-low" }, channels: ["in-app", "email"], firstRun: "changes" });
    }
  }, 300_000);

  afterAll(async () => {
    if (cluster) await ensureClusterUp(cluster);
    await Promise.allSettled([web?.stop(10_000), worker?.stop(10_000)]);
    await fake?.close();
    await database?.destroy();
  }, 120_000);

  it("reconnects the web app and the worker within 30 s and loses or doubles no alert or delivery", async () => {
    await waitFor(
      "every watch's query to have its baseline poll",
      async () => {
        await makeDue();
        return (await count(sql`select count(*)::int as n from watches w where not exists (select 1 from query_watches qw join provider_queries q on q.id = qw.query_id where qw.watch_id = w.id and q.last_polled_at is not null)`)) === 0;
      },
      90_000,
      500,
      explain,
    );
    await playRound(1);

    let restartedAt = 0;
    let restartMs = 0;
    await playRound(2, async () => {
      // Mid-run: as soon as the worker is at the fake for round 2's news.
      const before = fake.listCalls().length;
      await waitFor("the worker to poll round 2", () => fake.listCalls().length > before || fake.listInFlight().length > 0, 30_000, 20);
      const started = Date.now();
      restartCluster(cluster);
      restartedAt = Date.now();
      restartMs = restartedAt - started;

      const webBack = await waitFor(
        "the web app to answer /api/v1/health and a tRPC call again",
        async () => {
          const health = await probe(() => fetch(`${web.url}/api/v1/health`).then((response) => response.status));
          const unread = health === 200 ? await probe(() => query<{ unread: number }>(session, "alerts.unreadCount")) : null;
          return unread ? Date.now() : null;
        },
        RECONNECT_MS,
        250,
        explain,
      );
      const workerBack = await waitFor(
        "the worker to complete a job run again",
        async () => {
          const ran = await probe(() => count(sql`select count(*)::int as n from job_runs where owner like ${`${worker.pid}-%`} and status = 'succeeded' and finished_at > ${new Date(restartedAt).toISOString()}::timestamptz`));
          return ran ? Date.now() : null;
        },
        RECONNECT_MS,
        250,
        explain,
      );
      console.info(`pg-restart: restart took ${restartMs} ms; web back ${webBack - restartedAt} ms and worker back ${workerBack - restartedAt} ms after it`);
    });
    await playRound(3);

    // Exactly the expected alerts: one per watch and round, at that round's price, each key once.
    const stored = rows<{ watch_name: string; kind: string; bucket: string; key: string }>(
      await database.db.execute(sql`select w.name as watch_name, a.kind, a.bucket, a.idempotency_key as key from alerts a join watches w on w.id = a.watch_id where a.kind <> 'check-overdue'`),
    );
    expect(new Set(stored.map((alert) => alert.key)).size).toBe(stored.length);
    for (const band of built.attractions) {
      const prices = stored.filter((alert) => alert.watch_name === band.name).map((alert) => alert.bucket.match(/(\d+)$/)?.[1]);
      expect(prices.sort()).toEqual([1, 2, 3].map((round) => String(built.priceAfter(round) * 100)).sort());
    }
    // Exactly one email delivery per alert, each kept by the dev outbox, and one mail per delivery there.
    const perAlert = rows<{ channel: string; n: number; kept: number }>(
      await database.db.execute(sql`select d.channel, count(*)::int as n, count(*) filter (where d.status = 'kept')::int as kept from alerts a join deliveries d on d.alert_id = a.id where a.kind <> 'check-overdue' group by a.id, d.channel`),
    );
    expect(perAlert).toHaveLength(BANDS * ROUNDS);
    expect(perAlert.every((row) => row.channel === "email" && row.n === 1 && row.kept === 1)).toBe(true);
    const mails = await count(sql`select count(*)::int as n from dev_mail_keys`);
    expect(mails).toBe(await count(sql`select count(*)::int as n from deliveries where status = 'kept'`));
    // The fan sees the same through the web app.
    const listed = await query<{ kind: string }[]>(session, "alerts.list", { limit: 100 });
    expect(listed.filter((alert) => alert.kind !== "check-overdue")).toHaveLength(BANDS * ROUNDS);
  }, 600_000);
});
