/**
 * A virtual clock for running the real engine through a simulated day in minutes: simulated time is real
 * time plus an offset, and the offset only ever grows, by jumping over stretches in which nothing is in
 * flight (no job running, no request, no transaction). While anything runs, simulated time passes exactly as
 * fast as real time, so request pacing, spike arrest and every database round trip keep their real durations;
 * only idle waiting is skipped.
 *
 * The offset is applied everywhere the engine reads time:
 *  - JavaScript: `Date.now()` and `new Date()` (a Proxy around the global Date; instances stay real Dates);
 *  - PostgreSQL: `now()` and `clock_timestamp()` resolve, through the database's search_path, to functions in a
 *    `simclock` schema that add the same offset (installed before migrating, so column defaults use them too);
 *  - the Ticketmaster fake: its gateway clock and world clock both read the patched `Date.now`.
 * Timers (`setTimeout`) stay real: a sleep of 250 ms still takes 250 ms of real and simulated time.
 */
import pg from "pg";

const RealDate = Date;
let offsetMs = 0;
let installed = false;

/** Simulated epoch ms. */
export function simNow(): number {
  return RealDate.now() + offsetMs;
}

export function readOffsetMs(): number {
  return offsetMs;
}

/** Replaces the global Date so argument-less construction and Date.now() read simulated time. */
export function installSimClock(): void {
  if (installed) return;
  installed = true;
  const proxy = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return args.length === 0 ? Reflect.construct(target, [simNow()], newTarget) : Reflect.construct(target, args, newTarget);
    },
    apply(target, _this, args) {
      // `Date()` called as a function returns a string of the current time.
      return args.length === 0 ? new target(simNow()).toString() : Reflect.apply(target, _this, args);
    },
    get(target, property, receiver) {
      if (property === "now") return simNow;
      return Reflect.get(target, property, receiver);
    },
  });
  globalThis.Date = proxy as DateConstructor;
}

export function uninstallSimClock(): void {
  if (!installed) return;
  globalThis.Date = RealDate;
  installed = false;
  offsetMs = 0;
}

/** SQL that makes `now()` and `clock_timestamp()` read the simulated clock in one database. */
export const SIM_CLOCK_SQL = [
  "create schema if not exists simclock",
  "create table if not exists simclock.state (ms double precision not null)",
  "insert into simclock.state select 0 where not exists (select 1 from simclock.state)",
  `create or replace function simclock.now() returns timestamptz language sql stable as
     $$ select pg_catalog.now() + make_interval(secs => (select ms from simclock.state limit 1) / 1000.0) $$`,
  `create or replace function simclock.clock_timestamp() returns timestamptz language sql volatile as
     $$ select pg_catalog.clock_timestamp() + make_interval(secs => (select ms from simclock.state limit 1) / 1000.0) $$`,
];

/** Installs the simulated clock in database `name` on the server at `serverUrl` (run before migrating). */
export async function installDatabaseClock(serverUrl: string, name: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const statement of SIM_CLOCK_SQL) await client.query(statement);
    await client.query(`alter database ${name} set search_path = public, simclock, pg_catalog`);
  } finally {
    await client.end();
  }
}

/** Moves the simulated clock forward by `ms` (never back), in this process and in the database. */
export async function warp(ms: number, db: { query(text: string, values?: unknown[]): Promise<unknown> }): Promise<void> {
  if (!(ms > 0)) return;
  offsetMs += ms;
  await db.query("update simclock.state set ms = $1", [offsetMs]);
}
