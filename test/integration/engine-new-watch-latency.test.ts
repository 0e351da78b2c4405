/**
 * Must-show 4 of the engine: with the sandbox, a new watch on something that changes soon produces its alert
 * in the app within 2 minutes. The real jobs run on their cron schedules against the in-process sandbox
 * (world clock 60× the app's) on a simulated clock (engine-sim-app.ts); the figure is simulated seconds from
 * `watches.create` to the alert listed by `alerts.list`, the fan's inbox.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watches } from "@/db/schema";
import { catalogSweep } from "@/jobs/catalog-sweep";
import { buildSandboxWorld, DEFAULT_SANDBOX_SEED } from "@/server/sandbox/world/build-world";
import { DEFAULT_SANDBOX_SPEED } from "@/server/sandbox/world/start-sandbox";
import type { TmEvent, World } from "@/server/sandbox/ticketmaster/types";
import { callerFor } from "../support/callers";
import { insertTestUser } from "../support/test-db";
import { startSimulatedApp, type SimulatedApp } from "./engine-sim-app";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
let app: SimulatedApp;
let world: World;

beforeAll(async () => {
  // A second into a minute, so the world this test rebuilds is the one the sandbox built (both per minute).
  app = await startSimulatedApp({ alignTo: (now) => Math.ceil(now / MINUTE) * MINUTE + SECOND });
  world = buildSandboxWorld(DEFAULT_SANDBOX_SEED, new Date(app.now()));
  // As `npm start` does: the boot sweep fills the catalogue, then the app has been up for a while.
  expect(await app.runJobNow(catalogSweep)).toBe("ran");
  await app.runFor(3 * MINUTE);
}, 180_000);
afterAll(async () => {
  await app?.close();
});

/** World elapsed ms now, and the simulated instant a world position is reached. */
function readWorldClock() {
  const startMs = Date.parse(world.startAt!);
  const worldNow = app.events.now().getTime();
  const simNow = app.now();
  return { elapsed: worldNow - startMs, simAt: (elapsed: number) => simNow + (startMs + elapsed - worldNow) / DEFAULT_SANDBOX_SPEED };
}

type Change = { at: number; event: TmEvent; note: string };

/** The next scripted change at least `lead` world ms ahead on an event that `isWanted` accepts. */
function findNextChange(lead: number, isWanted: (event: TmEvent) => boolean): Change {
  const { elapsed } = readWorldClock();
  const known = new Map(world.events.map((event) => [event.id, event]));
  for (const step of world.timeline) {
    if (step.op === "add") known.set(step.event.id, step.event);
    if (step.at < elapsed + lead || step.op === "remove") continue;
    const event = step.op === "add" ? step.event : known.get(step.id);
    // A withdrawn price range is stored, not alerted (nothing a fan can act on).
    if (event && isWanted(event) && !/withdrawn/.test(step.note ?? "")) return { at: step.at, event, note: step.note ?? step.op };
  }
  throw new Error("the sandbox script has no such change left");
}

/**
 * "Something that changes soon": waits until `target` is 30 world minutes (30 s of app time) away, creates the
 * watch as a fan would and runs the jobs until the fan's inbox lists an alert about the changed event made
 * after the change; returns simulated seconds from creation to that alert.
 */
async function measureFirstAlert(target: Change, input: Parameters<ReturnType<typeof callerFor>["watches"]["create"]>[0]) {
  await app.runFor(readWorldClock().simAt(target.at - 30 * MINUTE) - app.now());
  const fan = await insertTestUser(app.database, { name: "New Watcher" });
  const caller = callerFor(app.database, fan);
  const createdAt = app.now();
  const changeAt = readWorldClock().simAt(target.at);
  const watch = await caller.watches.create(input);
  const readInbox = () => caller.alerts.list({ watchId: watch.id, limit: 50 });
  const findNews = async () => (await readInbox()).filter((alert) => alert.title === target.event.name && alert.createdAt.getTime() >= changeAt).at(-1);
  const isFound = await app.runUntil(async () => (await findNews()) !== undefined, { maxMs: 10 * MINUTE });
  expect(isFound, `no alert about "${target.note}" on ${target.event.name}`).toBe(true);

  const news = (await findNews())!;
  const inbox = await readInbox();
  const [stored] = await app.database.db.select().from(watches).where(eq(watches.id, watch.id));
  const seconds = (at: number) => ((at - createdAt) / SECOND).toFixed(1);
  const latencyS = (news.createdAt.getTime() - createdAt) / SECOND;
  const sweeps = app.runs.filter((run) => run.jobId === "catalog.sweep" && run.startedAt >= createdAt && run.endedAt <= news.createdAt.getTime() + SECOND);
  console.log(
    [
      `new watch "${watch.name}": the change's alert in the app ${latencyS.toFixed(1)} s after creation (simulated time; ${news.kind}: ${news.title} — ${news.body})`,
      `  scripted change "${target.note}" on ${target.event.name} at ${seconds(changeAt)} s; baselined (its query's first poll done) at ${seconds(stored!.baselinedAt!.getTime())} s; ` +
        `catalogue sweeps ended at ${sweeps.map((run) => seconds(run.endedAt)).join(", ") || "–"} s`,
      `  inbox by then: ${inbox.map((alert) => `${seconds(alert.createdAt.getTime())} s ${alert.kind}`).join(", ")}`,
    ].join("\n"),
  );
  // Only news from after the watch was created: nothing the sweep merely saw for the first time.
  expect(inbox.filter((alert) => alert.kind === "announced" && alert.createdAt.getTime() < changeAt)).toEqual([]);
  return latencyS;
}

describe("a new watch on the sandbox", () => {
  it("gets its first alert in the app within 2 minutes of being created (a team or artist)", async () => {
    const target = findNextChange(30 * MINUTE, (event) => Boolean(event._embedded?.attractions?.[0]));
    const attraction = target.event._embedded!.attractions![0]!;
    expect(await measureFirstAlert(target, { name: attraction.name, attractions: [{ id: attraction.id, name: attraction.name }] })).toBeLessThan(120);
  }, 300_000);

  it("gets its first alert in the app within 2 minutes of being created (sports in a country)", async () => {
    const isSportsInGb = (event: TmEvent) =>
      event._embedded?.venues?.[0]?.country?.countryCode === "GB" && event.classifications?.some((item) => item.segment?.name === "Sports") === true;
    const target = findNextChange(30 * MINUTE, isSportsInGb);
    expect(await measureFirstAlert(target, { name: "Sports in GB", countryCode: "GB", segment: "Sports" })).toBeLessThan(120);
  }, 300_000);
});
