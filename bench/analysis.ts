/**
 * What the benchmarks measure, computed from evidence outside the engine: the fake's own call log, the call
 * ledger and alerts rows in PostgreSQL, and the scripted world (ground truth of what changed when).
 */
import type pg from "pg";
import { createAlertHistory, indexWatches, matchChanges, type Change, type PastAlert } from "@/server/engine";
import { buildFilterParams } from "@/server/providers/ticketmaster/query-params";
import { parseItem, tmEvent } from "@/server/providers/ticketmaster/schemas";
import { transformEvent } from "@/server/providers/ticketmaster/transform";
import type { EventQuery } from "@/server/providers/types";
import type { CallLogEntry } from "@/server/sandbox/ticketmaster/call-log";
import { serveEvent } from "@/server/sandbox/ticketmaster/route-context";
import type { World } from "@/server/sandbox/ticketmaster/types";
import { WorldState } from "@/server/sandbox/ticketmaster/world-state";
import type { WatchRow } from "@/db/schema";
import { percentile } from "./db";
import type { ScriptedChange } from "./world";

export const SPIKE_ARREST_CODE = "policies.ratelimit.SpikeArrestViolation";
export const QUOTA_CODE = "policies.ratelimit.QuotaViolation";

export interface CallSummary {
  total: number;
  byStatus: Record<string, number>;
  spikeArrest429: number;
  quota429: number;
  /** Smallest gap between two consecutive arrivals at the fake, ms. */
  minGapMs: number | null;
}

export function summarizeCalls(calls: readonly CallLogEntry[]): CallSummary {
  const byStatus: Record<string, number> = {};
  for (const call of calls) byStatus[String(call.status)] = (byStatus[String(call.status)] ?? 0) + 1;
  const arrivals = calls.map((call) => call.at).sort((a, b) => a - b);
  let minGapMs: number | null = null;
  for (let i = 1; i < arrivals.length; i += 1) {
    const gap = arrivals[i]! - arrivals[i - 1]!;
    if (minGapMs === null || gap < minGapMs) minGapMs = gap;
  }
  return {
    total: calls.length,
    byStatus,
    spikeArrest429: calls.filter((call) => call.errorCode === SPIKE_ARREST_CODE).length,
    quota429: calls.filter((call) => call.errorCode === QUOTA_CODE).length,
    minGapMs,
  };
}

export function rowsOf<T>(result: { rows: T[] }): T[] {
  return result.rows;
}

export interface AlertRow {
  id: string;
  watchId: string;
  userId: string;
  eventId: string;
  kind: string;
  stage: string;
  bucket: string;
  origin: "change" | "initial";
  decidedAt: Date;
  createdAt: Date;
  idempotencyKey: string;
  priceMinor: number | null;
  currency: string | null;
  change: Change;
}

/** Alerts about events (a watch's check-overdue alerts concern no event; counted apart). */
export async function readAlerts(pool: pg.Pool): Promise<AlertRow[]> {
  const result = await pool.query(`
    select id, watch_id, user_id, provider_event_id, kind, stage, bucket, origin, decided_at, created_at, idempotency_key,
           price_minor, currency, payload->'change' as change
      from alerts where kind <> 'check-overdue' order by decided_at, id`);
  return result.rows.map((row) => ({
    id: row.id,
    watchId: row.watch_id,
    userId: row.user_id,
    eventId: row.provider_event_id,
    kind: row.kind,
    stage: row.stage,
    bucket: row.bucket,
    origin: row.origin,
    decidedAt: new Date(row.decided_at),
    createdAt: new Date(row.created_at),
    idempotencyKey: row.idempotency_key,
    priceMinor: row.price_minor,
    currency: row.currency,
    change: row.change,
  }));
}

const LEAD_MS: Record<string, number> = { "24h": 86_400_000, "1h": 3_600_000, "10m": 600_000 };

export interface Attribution {
  /** When the world changed (or the clock crossed the threshold) that this alert reports. */
  changedAt: number;
  isUrgent: boolean;
}

/**
 * The instant the news an alert reports became true in the world: the scripted step for data changes, the
 * sale start for openings, the threshold for reminders. Null when no scripted change explains the alert.
 */
export function createAttributor(changes: readonly ScriptedChange[], toWorldMs: (engineMs: number) => number = (ms) => ms) {
  const byEvent = new Map<string, ScriptedChange[]>();
  for (const change of changes) byEvent.set(change.eventId, [...(byEvent.get(change.eventId) ?? []), change]);
  return (alert: Pick<AlertRow, "eventId" | "kind" | "createdAt" | "change">): Attribution | null => {
    // The change must have happened by the time the alert row was written.
    const at = toWorldMs(alert.createdAt.getTime());
    if (alert.change.kind === "sale-reminder") {
      const changedAt = Date.parse(alert.change.startsAt) - (LEAD_MS[alert.change.threshold] ?? 0);
      return { changedAt, isUrgent: alert.change.threshold !== "24h" };
    }
    const candidates = (byEvent.get(alert.eventId) ?? []).filter((c) => c.kinds.includes(alert.kind as never) && c.at <= at + 1);
    const latest = candidates[candidates.length - 1];
    if (alert.change.kind === "presale-open") return { changedAt: Math.max(Date.parse(alert.change.startsAt), latest?.at ?? 0), isUrgent: true };
    if (!latest) return null;
    return { changedAt: latest.at, isUrgent: latest.isUrgent };
  };
}

export interface LatencyStats {
  count: number;
  p50S: number | null;
  p95S: number | null;
  maxS: number | null;
  meanS: number | null;
}

export function describeLatencies(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const toS = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);
  return {
    count: sorted.length,
    p50S: toS(percentile(sorted, 50)),
    p95S: toS(percentile(sorted, 95)),
    maxS: toS(sorted.length ? sorted[sorted.length - 1]! : null),
    meanS: toS(sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : null),
  };
}

/**
 * Duplicates beyond the unique index: two alerts saying the same thing to the same watch about the same event
 * (same kind and value bucket), unless the watch's re-arm rule allowed a repeat after its hours had passed.
 */
export function countSemanticDuplicates(alerts: readonly AlertRow[], rearmOf: (watchId: string) => { mode: string; hours?: number } | undefined) {
  const keys = new Set<string>();
  let idempotencyDuplicates = 0;
  const groups = new Map<string, AlertRow[]>();
  for (const alert of alerts) {
    if (keys.has(alert.idempotencyKey)) idempotencyDuplicates += 1;
    keys.add(alert.idempotencyKey);
    const key = `${alert.watchId}|${alert.eventId}|${alert.kind}|${alert.bucket}`;
    groups.set(key, [...(groups.get(key) ?? []), alert]);
  }
  let semantic = 0;
  const examples: string[] = [];
  for (const [key, list] of groups) {
    if (list.length < 2) continue;
    const rule = rearmOf(list[0]!.watchId);
    const sorted = [...list].sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime());
    for (let i = 1; i < sorted.length; i += 1) {
      const gapH = (sorted[i]!.decidedAt.getTime() - sorted[i - 1]!.decidedAt.getTime()) / 3_600_000;
      const isRearmed = (rule?.mode === "rearm-after" || rule?.mode === "cooldown") && gapH >= (rule.hours ?? Infinity);
      if (!isRearmed) {
        semantic += 1;
        if (examples.length < 5) examples.push(key);
      }
    }
  }
  return { idempotencyDuplicates, semantic, examples };
}

/**
 * Alerts the scripted world cannot explain as a status change: in the benchmark worlds no event ever comes back
 * on sale or goes off sale after its status moved, so a "status changed to onsale/offsale" alert can only come
 * from a poll writing back an older snapshot than the one stored (a stale write), then diffing against it.
 */
export function findPhantomStatusAlerts(alerts: readonly AlertRow[]) {
  return alerts.filter((alert) => alert.change.kind === "status-changed" && (alert.change.to === "onsale" || alert.change.to === "offsale"));
}

// ---------------------------------------------------------------------------------------------------------
// Calls → queries → polls

export interface LedgerCall {
  id: number;
  owner: string | null;
  endpoint: string;
  status: number | null;
  startedAt: number;
  endedAt: number;
}

export async function readLedger(pool: pg.Pool): Promise<LedgerCall[]> {
  const result = await pool.query(`select id, owner, endpoint, status, started_at, latency_ms from provider_calls order by started_at, id`);
  return result.rows.map((row) => ({
    id: Number(row.id),
    owner: row.owner,
    endpoint: row.endpoint,
    status: row.status,
    startedAt: new Date(row.started_at).getTime(),
    endedAt: new Date(row.started_at).getTime() + Number(row.latency_ms),
  }));
}

export interface QueryRef {
  id: string;
  query: EventQuery;
  watchIds: string[];
}

const NON_FILTER_PARAMS = new Set(["apikey", "page", "size", "sort", "startDateTime", "endDateTime"]);

function signatureOf(params: Iterable<[string, string]>): string {
  return [...params]
    .filter(([name]) => !NON_FILTER_PARAMS.has(name))
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join("&");
}

/** Maps a ledger call to the planned query it served: by its filters, or by the ids it carried. */
export function createQueryMatcher(queries: readonly QueryRef[]) {
  const bySignature = new Map<string, string>();
  const byId = new Map<string, QueryRef[]>();
  for (const ref of queries) {
    const params = Object.entries(buildFilterParams(ref.query))
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([name, value]) => [name, String(value)] as [string, string]);
    if (ref.query.attractionIds?.length) params.push(["attractionId", ref.query.attractionIds.join(",")]);
    if (ref.query.venueIds?.length) params.push(["venueId", ref.query.venueIds.join(",")]);
    bySignature.set(signatureOf(params), ref.id);
    for (const id of [...(ref.query.attractionIds ?? []), ...(ref.query.venueIds ?? [])]) byId.set(id, [...(byId.get(id) ?? []), ref]);
  }
  return (endpoint: string): { kind: "search"; queryId: string } | { kind: "detail" } | { kind: "other"; signature: string } => {
    const [path, query = ""] = endpoint.split("?");
    if (/\/events\/[^/]+(\.json)?$/.test(path ?? "")) return { kind: "detail" };
    const params = new URLSearchParams(query);
    const signature = signatureOf(params.entries());
    const exact = bySignature.get(signature);
    if (exact) return { kind: "search", queryId: exact };
    const ids = [...(params.get("attractionId")?.split(",") ?? []), ...(params.get("venueId")?.split(",") ?? [])].filter(Boolean);
    if (ids.length) {
      const candidates = byId.get(ids[0]!) ?? [];
      const hit = candidates.find((ref) => ids.every((id) => ref.query.attractionIds?.includes(id) || ref.query.venueIds?.includes(id)));
      if (hit) return { kind: "search", queryId: hit.id };
    }
    return { kind: "other", signature };
  };
}

export interface Poll {
  queryId: string;
  owner: string | null;
  startedAt: number;
  endedAt: number;
  calls: number;
}

/**
 * Groups ledger calls into polls: per process, a run of consecutive calls for one query (its pages, then the
 * event-detail calls that confirm vanished events). Calls that serve no planned query (the catalogue sweep)
 * are returned apart.
 */
export function groupPolls(calls: readonly LedgerCall[], match: ReturnType<typeof createQueryMatcher>) {
  const polls: Poll[] = [];
  const other = new Map<string, number>();
  const open = new Map<string, Poll>();
  for (const call of [...calls].sort((a, b) => a.startedAt - b.startedAt)) {
    const owner = call.owner ?? "?";
    const target = match(call.endpoint);
    if (target.kind === "other") {
      other.set(target.signature, (other.get(target.signature) ?? 0) + 1);
      continue;
    }
    const current = open.get(owner);
    if (target.kind === "detail") {
      if (current) {
        current.calls += 1;
        current.endedAt = Math.max(current.endedAt, call.endedAt);
      } else other.set("detail", (other.get("detail") ?? 0) + 1);
      continue;
    }
    if (current && current.queryId === target.queryId && call.startedAt - current.endedAt < 15_000) {
      current.calls += 1;
      current.endedAt = Math.max(current.endedAt, call.endedAt);
      continue;
    }
    const poll: Poll = { queryId: target.queryId, owner: call.owner, startedAt: call.startedAt, endedAt: call.endedAt, calls: 1 };
    polls.push(poll);
    open.set(owner, poll);
  }
  return { polls, other: Object.fromEntries(other) };
}

/**
 * Two polls of one query that cannot both be legitimate: overlapping, or the second starting sooner after the
 * first ended than the fastest cadence the scheduler can give (`minGapMs`, 60 s for the urgent class).
 */
export function findDuplicatePolls(polls: readonly Poll[], minGapMs = 60_000) {
  const byQuery = new Map<string, Poll[]>();
  for (const poll of polls) byQuery.set(poll.queryId, [...(byQuery.get(poll.queryId) ?? []), poll]);
  const duplicates: { queryId: string; first: Poll; second: Poll }[] = [];
  for (const [queryId, list] of byQuery) {
    list.sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < list.length; i += 1) {
      if (list[i]!.startedAt < list[i - 1]!.endedAt + minGapMs - 1_000) duplicates.push({ queryId, first: list[i - 1]!, second: list[i]! });
    }
  }
  return duplicates;
}

/**
 * Expected detection delay of a change arriving at a uniformly random instant of [startMs, endMs], given a
 * query's poll instants: Σ gap² / (2 × period), counting the window's start and end as boundaries.
 */
export function expectedDelayMs(pollStarts: readonly number[], startMs: number, endMs: number): number | null {
  const inside = [...pollStarts].filter((t) => t >= startMs && t <= endMs).sort((a, b) => a - b);
  if (inside.length === 0) return null;
  const points = [startMs, ...inside, endMs];
  let sumSquares = 0;
  let sum = 0;
  for (let i = 1; i < points.length; i += 1) {
    const gap = Math.max(0, points[i]! - points[i - 1]!);
    sumSquares += gap * gap;
    sum += gap;
  }
  return sum > 0 ? sumSquares / (2 * sum) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Lost alerts: the matcher, run against every watch, on what the engine saw

/** Options every benchmark on the simulated population takes. */
export interface PopulationBenchOptions {
  watches?: number;
  attractions?: number;
  seed?: number;
  quick?: boolean;
  log?: (line: string) => void;
}

/** The correctness figures the economy and the multi-worker runs both report (each must be 0 but the counts). */
export interface AlertIntegrity {
  alerts: number;
  duplicateAlerts: number;
  semanticDuplicateAlerts: number;
  lostAlerts: number;
  lostExamples: string[];
  /** Status alerts the world cannot explain (stale snapshot written back, then diffed): must be 0. */
  phantomAlerts: number;
  pendingAlerts: number;
  checkedAlerts: number;
  spikeArrest429: number;
  quota429: number;
}

export interface LostReport {
  /** Watch × event × kind the full matcher says were due, whose watch's own query polled again later, yet got no alert. */
  lost: number;
  /** Same, but the watch's queries have not polled since (would come at their next poll). */
  pending: number;
  checked: number;
  examples: string[];
}

/**
 * For every change the engine detected (alerts grouped by event and decision time), re-runs the real matcher
 * against *all* watches that existed by then (for an event's first sight: that were baselined by then), with the
 * alert history as it stood, on the world's own state of the event at that time. Any watch it selects that never
 * got an alert of that kind for that event — although one of its queries polled after the change — lost it.
 */
export function findLostAlerts(input: {
  alerts: readonly AlertRow[];
  watches: readonly (WatchRow & { createdAt: Date })[];
  world: World;
  /** Last poll of any query serving the watch (epoch ms). */
  lastPolledOf: (watchId: string) => number | null;
  /** The world's timeline position at an engine instant (default: the same clock, from the world's start). */
  worldElapsedAt?: (at: number) => number;
}): LostReport {
  const state = new WorldState(input.world);
  const worldStart = Date.parse(input.world.startAt!);
  const elapsedAt = input.worldElapsedAt ?? ((at: number) => at - worldStart);
  const changeAlerts = input.alerts.filter((alert) => alert.origin === "change").sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime());
  const groups = new Map<string, AlertRow[]>();
  for (const alert of changeAlerts) {
    const key = `${alert.eventId}@${alert.decidedAt.getTime()}`;
    groups.set(key, [...(groups.get(key) ?? []), alert]);
  }
  const index = indexWatches(input.watches);
  const got = new Set(input.alerts.map((alert) => `${alert.watchId}|${alert.eventId}|${alert.kind}`));
  const pastByEvent = new Map<string, PastAlert[]>();
  for (const alert of input.alerts) {
    const past: PastAlert = { watchId: alert.watchId, provider: "ticketmaster", eventId: alert.eventId, stage: alert.stage as PastAlert["stage"], bucket: alert.bucket, priceMinor: alert.priceMinor, currency: alert.currency, decidedAt: alert.decidedAt.toISOString() };
    pastByEvent.set(alert.eventId, [...(pastByEvent.get(alert.eventId) ?? []), past]);
  }
  const createdAt = new Map(input.watches.map((watch) => [watch.id, watch.createdAt.getTime()]));
  const baselinedAt = new Map(input.watches.map((watch) => [watch.id, watch.baselinedAt?.getTime() ?? Infinity]));
  const report: LostReport = { lost: 0, pending: 0, checked: 0, examples: [] };
  const counted = new Set<string>();
  for (const group of [...groups.values()].sort((a, b) => a[0]!.decidedAt.getTime() - b[0]!.decidedAt.getTime())) {
    const first = group[0]!;
    const at = first.decidedAt.getTime();
    const raw = state.viewAt(elapsedAt(at)).eventsById.get(first.eventId);
    if (!raw) continue;
    const parsed = parseItem(tmEvent, JSON.parse(JSON.stringify(serveEvent(raw))), "event");
    if ("invalid" in parsed) continue;
    const event = transformEvent(parsed.item);
    const changes = [...new Map(group.map((alert) => [JSON.stringify(alert.change), alert.change])).values()].map((change) => ({ change, event }));
    const history = createAlertHistory((pastByEvent.get(first.eventId) ?? []).filter((past) => Date.parse(past.decidedAt) < at));
    const decisions = matchChanges({ changes, index, history, now: first.decidedAt });
    // An event's first sight is news only to watches baselined by then (server/services/engine/baseline.ts).
    const isFirstSight = group.some((alert) => alert.kind === "announced");
    for (const decision of decisions) {
      if ((createdAt.get(decision.watchId) ?? Infinity) >= at - 60_000) continue;
      if (isFirstSight && (baselinedAt.get(decision.watchId) ?? Infinity) > at) continue;
      const key = `${decision.watchId}|${decision.eventId}|${decision.kind}`;
      if (counted.has(key)) continue;
      counted.add(key);
      report.checked += 1;
      if (got.has(key)) continue;
      const polled = input.lastPolledOf(decision.watchId);
      if (polled !== null && polled > at) {
        report.lost += 1;
        if (report.examples.length < 5) report.examples.push(`${key}:${decision.bucket} (detected ${first.decidedAt.toISOString()})`);
      } else report.pending += 1;
    }
  }
  return report;
}

/**
 * The integrity figures both runs report, from the stored alerts, the watches, the queries' last polls and the
 * fake's call log: duplicates by key and by meaning, lost alerts (findLostAlerts), phantom status alerts, 429s.
 */
export function assessAlertIntegrity(input: {
  alerts: readonly AlertRow[];
  watches: readonly WatchRow[];
  queries: readonly { last_polled_at: Date | null; watch_ids: string[] }[];
  world: World;
  calls: CallSummary;
  worldElapsedAt?: (at: number) => number;
}): AlertIntegrity {
  const rearmOf = new Map(input.watches.map((watch) => [watch.id, watch.rearm]));
  const duplicates = countSemanticDuplicates(input.alerts, (id) => rearmOf.get(id));
  // A watch's last check: the latest poll of any query serving it.
  const lastPolled = new Map<string, number>();
  for (const row of input.queries) {
    if (!row.last_polled_at) continue;
    for (const watchId of row.watch_ids) lastPolled.set(watchId, Math.max(lastPolled.get(watchId) ?? 0, new Date(row.last_polled_at).getTime()));
  }
  const lost = findLostAlerts({ alerts: input.alerts, watches: input.watches, world: input.world, lastPolledOf: (id) => lastPolled.get(id) ?? null, worldElapsedAt: input.worldElapsedAt });
  return {
    alerts: input.alerts.length,
    duplicateAlerts: duplicates.idempotencyDuplicates,
    semanticDuplicateAlerts: duplicates.semantic,
    lostAlerts: lost.lost,
    lostExamples: lost.examples,
    phantomAlerts: findPhantomStatusAlerts(input.alerts).length,
    pendingAlerts: lost.pending,
    checkedAlerts: lost.checked,
    spikeArrest429: input.calls.spikeArrest429,
    quota429: input.calls.quota429,
  };
}
