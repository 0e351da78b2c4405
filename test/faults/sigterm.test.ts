/**
 * SIGTERM on `npm start` (the web app with its in-process jobs) and `npm run worker`: stop accepting, let the
 * request in flight finish, let running jobs finish or hand their leases back, exit 0 within the bound.
 *
 * The web case runs on PGlite (a data folder) or, with TEST_DATABASE_URL, on PostgreSQL; the worker cases
 * need PostgreSQL (a worker shares it with the web processes). The Ticketmaster fake is made slow so the
 * signal lands while a poll holds its lease and waits on the provider.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDueQueries } from "@/db/queries/engine";
import { providerQueries } from "@/db/schema";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { createFaultDatabase, type FaultDatabase } from "./support/fault-database";
import { isConnectionRefused, openSlowRequest } from "./support/http-probes";
import { DEMO_FAN, mutate, signIn, waitFor } from "./support/session";
import { findFreePort, startWeb, type WebProcess } from "./support/web-process";
import { buildBandWorld } from "./support/world";

const KEY = "sigterm-key";
const SECRET = "seatwatch-faults-test-secret-0123456789abcdef0123456789";
/** Longer than any bound below and than the client's 20 s timeout: a poll that waits on it is cut, not finished. */
const STALL_MS = 120_000;

let fake: TicketmasterFake;
let data: FaultDatabase;
let web: WebProcess | null = null;
const workers: WorkerProcess[] = [];
const built = buildBandWorld({ bands: 2, rounds: 1, startMs: Math.floor(Date.now() / 60_000) * 60_000, prefix: "Term" });
const band = built.attractions[0]!;

const isPollInFlight = () => fake.listInFlight().some((held) => JSON.stringify(held.query).includes(band.id));
const providerEnv = () => ({ TICKETMASTER_API_KEY: KEY, TICKETMASTER_BASE_URL: fake.url, SEATWATCH_SWEEP_COUNTRIES: "NZ", BETTER_AUTH_SECRET: SECRET });

beforeAll(async () => {
  fake = await startTicketmasterFake({ key: KEY, world: built.world });
  data = await createFaultDatabase();
}, 60_000);

afterAll(async () => {
  await web?.stop(5_000);
  await Promise.all(workers.map((worker) => worker.stop(5_000)));
  await fake?.close();
  await data?.destroy();
}, 60_000);

describe("SIGTERM on the web app (npm start)", () => {
  it("refuses new connections, finishes the request in flight, hands back the poll lease it held, and exits 0", async () => {
    const port = await findFreePort();
    web = await startWeb({ PORT: String(port), APP_URL: `http://localhost:${port}`, SEATWATCH_SHUTDOWN_MS: "8000", ...providerEnv(), ...data.env });
    const session = await signIn(web.url);
    await mutate(session, "watches.create", { name: band.name, attractions: [{ id: band.id, name: band.name }], firstRun: "changes" });
    fake.setOptions({ latencyMs: STALL_MS });
    // engine.plan (every 15 s) makes the query, ticketmaster.poll (every 5 s) leases it and calls the fake.
    await waitFor("the web's poll to be waiting on the provider", isPollInFlight, 60_000, 200, () => web!.tail());

    const slow = await openSlowRequest(port, "/api/auth/sign-in/email", JSON.stringify(DEMO_FAN), { origin: web.url });
    web.kill("SIGTERM");
    await waitFor("new connections to be refused", () => isConnectionRefused(port), 10_000, 50, () => web!.tail());
    expect(slow.isAnswered()).toBe(false);
    const answer = await slow.finish();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ user: { email: DEMO_FAN.email } });

    expect(await web.exited).toEqual({ code: 0, signal: null });
    expect(web.output.join("\n")).toMatch(/leases handed back: 1 queries/);
    fake.setOptions({ latencyMs: 0 });

    // The lease is free now, not in LEASE_MS (120 s): the next worker's claim takes the query at once.
    const database = await data.openAfterExit();
    const [query] = await database.db.select().from(providerQueries).where(sql`retired_at is null`);
    expect(query).toMatchObject({ leaseOwner: null, lastPolledAt: null });
    const claimed = await claimDueQueries(database.db, { owner: "next-worker", limit: 10, leaseMs: 1_000 });
    expect(claimed.map((row) => row.id)).toEqual([query!.id]);
    await database.db.update(providerQueries).set({ leaseOwner: null, leaseExpiresAt: null });
  }, 240_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("SIGTERM on a worker (npm run worker; needs TEST_DATABASE_URL)", () => {
  const start = async (name: string, shutdownMs: number) => {
    const worker = startWorker(name, { DATABASE_URL: data.env.DATABASE_URL!, SEATWATCH_SHUTDOWN_MS: String(shutdownMs), ...providerEnv() });
    workers.push(worker);
    await worker.ready;
    return worker;
  };
  const makeDue = () => data.shared!.db.execute(sql`update provider_queries set next_due_at = now() where retired_at is null`);
  const readQuery = async () => (await data.shared!.db.select().from(providerQueries).where(sql`retired_at is null`))[0]!;

  it("lets a running poll finish, then exits 0 holding nothing", async () => {
    await makeDue();
    fake.setOptions({ latencyMs: 1_500 });
    const worker = await start("finisher", 20_000);
    await waitFor("the worker's poll to be waiting on the provider", isPollInFlight, 60_000, 50, async () => worker.output.join("\n"));
    worker.kill("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output.join("\n")).toMatch(/running jobs finished; leases handed back: 0 queries, 0 sends/);
    const query = await readQuery();
    expect(query.leaseOwner).toBeNull();
    expect(query.lastPolledAt).not.toBeNull();
    expect(query.lastError).toBeNull();
  }, 120_000);

  it("hands back the lease of a poll that outlasts the bound, and the next worker polls the query at once", async () => {
    await makeDue();
    const polledBefore = (await readQuery()).lastPolledAt!;
    fake.setOptions({ latencyMs: STALL_MS });
    const stuck = await start("stuck", 3_000);
    await waitFor("the worker's poll to be waiting on the provider", isPollInFlight, 60_000, 50, async () => stuck.output.join("\n"));
    expect((await readQuery()).leaseOwner).toMatch(new RegExp(`^${stuck.pid}-`));
    stuck.kill("SIGTERM");
    expect(await stuck.exited).toEqual({ code: 0, signal: null });
    expect(stuck.output.join("\n")).toMatch(/cut off at the time limit; leases handed back: 1 queries/);
    expect((await readQuery()).leaseOwner).toBeNull();

    // Well inside the 120 s the lease would otherwise have held it (the request token of the cut call may
    // hold the key for up to its 30 s first).
    fake.setOptions({ latencyMs: 0 });
    await start("next", 20_000);
    await waitFor("the next worker to poll the query", async () => ((await readQuery()).lastPolledAt?.getTime() ?? 0) > polledBefore.getTime(), 60_000, 250);
  }, 180_000);
});
