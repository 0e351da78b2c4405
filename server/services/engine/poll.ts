import type { Db } from "@/db";
import { isConnectionLost } from "@/db/connection-errors";
import { claimDueQueries, completeQueryPoll, releaseQueryLeases, type QueryRow } from "@/db/queries/engine";
import type { Event, Provider } from "@/server/providers/types";
import { ProviderError } from "@/server/providers/types";
import { baselineReadyWatches } from "./baseline";
import { processObservedEvents } from "./process-events";
import { prepareWatchContext } from "./watch-context";

export interface PollDeps {
  db: Db;
  provider: Provider;
  /** Partner seat data for the polled events, when configured (identity otherwise). */
  enrich?: (events: Event[]) => Promise<Event[]>;
  /** The clock event data lives on (the sandbox's fast clock, or real time). */
  sourceNow: () => Date;
  /** This process, as lease owner. */
  owner: string;
}

/** At most this many vanished events are confirmed per poll (each costs a call). */
const MAX_GONE_CHECKS = 5;
/** A lease outlives any single poll; a worker that dies frees its queries when it expires. */
const LEASE_MS = 120_000;
/** Calls one targeted poll may spend before the query counts as truncated. */
const MAX_CALLS_PER_POLL = 10;
/** Waits between tries to hand leases back while the database comes back (a restart takes seconds). */
const HAND_BACK_WAITS_MS = [0, 500, 1_000, 2_000, 4_000, 8_000];

export interface PollOutcome {
  queryId: string;
  events: number;
  changes: number;
  alerts: number;
  error: string | null;
  /** The database connection failed, not the query: nothing was recorded against it. */
  isConnectionLost: boolean;
}

/**
 * Claims due queries (leases, SKIP LOCKED) and polls each; safe to run in any number of processes at once.
 * When the database connection is lost, the batch stops and its leases (the failed poll's and the unpolled
 * queries') are handed back as soon as the database answers, so the next claim polls them without waiting
 * for the leases to expire.
 */
export async function pollDueQueries(deps: PollDeps, options: { batch: number }): Promise<PollOutcome[]> {
  const claimed = await claimDueQueries(deps.db, { owner: deps.owner, limit: options.batch, leaseMs: LEASE_MS });
  const outcomes: PollOutcome[] = [];
  for (const [index, query] of claimed.entries()) {
    const outcome = await pollQuery(deps, query);
    outcomes.push(outcome);
    if (outcome.isConnectionLost) {
      await handBackLeases(deps, claimed.slice(index).map((row) => row.id));
      break;
    }
  }
  return outcomes;
}

/**
 * Never a double poll: the release only touches rows this owner still leases. A poll whose commit did land
 * cleared its lease in that commit, and a commit still in flight holds the row's lock until it ends, so the
 * release sees its outcome. Gives up after the last wait; the leases then expire as a dead worker's would.
 */
async function handBackLeases(deps: PollDeps, ids: string[]) {
  for (const waitMs of HAND_BACK_WAITS_MS) {
    if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs));
    try {
      await releaseQueryLeases(deps.db, { ids, owner: deps.owner });
      return;
    } catch (error) {
      if (!isConnectionLost(error)) throw error;
    }
  }
}

function lostConnection(query: QueryRow, error: unknown): PollOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { queryId: query.id, events: 0, changes: 0, alerts: 0, error: `database connection lost: ${message}`, isConnectionLost: true };
}

function findSoonest(values: (string | null)[], after: Date): Date | null {
  let best: number | null = null;
  for (const value of values) {
    const at = value ? Date.parse(value) : Number.NaN;
    if (Number.isFinite(at) && at >= after.getTime() - 3_600_000 && (best === null || at < best)) best = at;
  }
  return best === null ? null : new Date(best);
}

/** What makes a query urgent: the soonest sale start and event start among its events. */
function readUrgency(events: Event[], sourceNow: Date) {
  return {
    nextSaleAt: findSoonest(events.flatMap((event) => [event.publicSale.startsAt, ...event.presales.map((presale) => presale.startsAt)]), sourceNow),
    nextEventAt: findSoonest(events.map((event) => event.start.dateTime), sourceNow),
  };
}

async function pollQuery(deps: PollDeps, query: QueryRow): Promise<PollOutcome> {
  const sourceNow = deps.sourceNow();
  try {
    const page = await deps.provider.searchEvents(query.query, { maxCalls: MAX_CALLS_PER_POLL });
    const seen = new Set(page.events.map((event) => event.id));
    const observed = [...page.events];
    let goneIds: string[] = [];
    const missing = page.isTruncated ? [] : query.lastEventIds.filter((id) => !seen.has(id)).slice(0, MAX_GONE_CHECKS);
    if (missing.length) {
      // Out of the results is not gone: it may have moved out of the window. Only a 404 on the id says gone.
      const stillThere = await deps.provider.getEvents(missing);
      observed.push(...stillThere);
      const found = new Set(stillThere.map((event) => event.id));
      goneIds = missing.filter((id) => !found.has(id));
    }
    const enriched = deps.enrich ? await deps.enrich(observed) : observed;
    return await deps.db.transaction(async (tx) => {
      const loadWatches = await prepareWatchContext(tx);
      const result = await processObservedEvents(
        tx,
        { provider: "ticketmaster", events: enriched, goneIds, isBaseline: query.lastPolledAt === null, clocks: { now: new Date(), sourceNow } },
        loadWatches,
      );
      const moved = result.alerts.some((alert) => alert.stage === "status" || alert.stage === "on-sale" || alert.stage === "sale-scheduled");
      await completeQueryPoll(tx, {
        id: query.id,
        owner: deps.owner,
        changes: {
          lastPolledAt: new Date(),
          lastSourceAt: sourceNow,
          lastResult: `${page.events.length} events${page.isTruncated ? " (truncated)" : ""}, ${result.changes} changes, ${result.alerts.length} alerts`,
          lastError: null,
          consecutiveFailures: 0,
          lastEventIds: page.events.map((event) => event.id),
          callsPerPoll: Math.max(1, Math.ceil(page.events.length / 199)) + missing.length,
          ...readUrgency(page.events, sourceNow),
          ...(moved ? { lastMovedAt: sourceNow } : {}),
          // Provisional; the planner job reschedules every query from the budget.
          nextDueAt: new Date(Date.now() + 60_000),
        },
      });
      // The watches this poll completed the baseline of are matched from the next batch on, with no gap.
      await baselineReadyWatches(tx, { now: new Date(), sourceNow }, { queryId: query.id });
      return { queryId: query.id, events: page.events.length, changes: result.changes, alerts: result.alerts.length, error: null, isConnectionLost: false };
    });
  } catch (error) {
    // The database failed, not the query: no failure to count and no backoff (the poll is simply redone).
    if (isConnectionLost(error)) return lostConnection(query, error);
    const message = error instanceof Error ? error.message : String(error);
    const retryAt = error instanceof ProviderError && error.retryAt ? error.retryAt : null;
    // Our own budget pause is not the query failing; it resumes at the reset without extra backoff.
    const isQuotaPause = error instanceof ProviderError && error.kind === "quota-exhausted";
    const failures = isQuotaPause ? query.consecutiveFailures : query.consecutiveFailures + 1;
    const backoffMs = Math.min(6 * 3_600_000, 60_000 * 2 ** Math.min(8, failures));
    try {
      await completeQueryPoll(deps.db, {
        id: query.id,
        owner: deps.owner,
        changes: { lastError: message.slice(0, 500), consecutiveFailures: failures, nextDueAt: retryAt ?? new Date(Date.now() + backoffMs) },
      });
    } catch (recordError) {
      if (isConnectionLost(recordError)) return lostConnection(query, recordError);
      throw recordError;
    }
    return { queryId: query.id, events: 0, changes: 0, alerts: 0, error: message, isConnectionLost: false };
  }
}
