/**
 * The matcher: typed changes × watches → alert decisions. Pure: history and the clock come in as
 * arguments, decisions go out; persisting them under their idempotency keys is the caller's job, and the
 * unique key is what makes retries, restarts and parallel workers safe.
 */
import type { Event } from "@/server/providers/types";
import { foldAlert, formatEventKey } from "./alert-history";
import { evaluateChange, FOLDED_INTO_ANNOUNCED, STAGE_OF_KIND } from "./change-rules";
import { checkRearm, DEFAULT_FLAP_WINDOW_MS, formatIdempotencyKey } from "./rearm";
import { checkIdentity, checkOffers, checkPriceRange, compileWatch, readEventFacts, type CompiledWatch, type EventFacts } from "./watch-criteria";
import { findCandidates, indexWatches, type WatchIndex } from "./watch-index";
import type { AlertDecision, AlertHistory, EventChange, MatchableWatch, UncheckedCriterion, WatchEventHistory } from "./types";

export { indexWatches, type WatchIndex } from "./watch-index";

export interface MatchInput {
  changes: readonly EventChange[];
  /** The active watches; ignored when `index` is given (build it once with `indexWatches` and reuse it). */
  watches?: readonly MatchableWatch[];
  index?: WatchIndex;
  history: AlertHistory;
  now: Date;
  /** Status alerts to a status already alerted within this window are dropped as flapping. */
  flapWindowMs?: number;
}

const CRITERIA_ORDER: UncheckedCriterion[] = ["price", "sections", "quantity", "area", "date"];

function sortCriteria(list: readonly UncheckedCriterion[]): UncheckedCriterion[] {
  if (list.length === 0) return [];
  return CRITERIA_ORDER.filter((c) => list.includes(c));
}

/** Decides which watches each change concerns and which alerts to create; every decision has a unique idempotency key. */
export function matchChanges(input: MatchInput): AlertDecision[] {
  const index = input.index ?? indexWatches(input.watches ?? []);
  const flapWindowMs = input.flapWindowMs ?? DEFAULT_FLAP_WINDOW_MS;
  const decidedAt = input.now.toISOString();
  // Decisions of this batch count as history for the rest of it (two drops in one batch are one alert).
  const overlay = new Map<string, WatchEventHistory>();
  const decisions: AlertDecision[] = [];
  const issued = new Set<string>();

  for (const [eventKey, group] of groupByEvent(input.changes)) {
    const event = group[group.length - 1]!.event;
    const facts = readEventFacts(event);
    const isNew = group.some((c) => c.change.kind === "announced");
    for (const w of findCandidates(index, facts)) {
      const identity = checkIdentity(w, facts);
      if (!identity.isMatch) continue;
      const watch = w.watch;
      let overlayKey: string | null = null;
      for (const { change, event: changeEvent } of group) {
        const stage = STAGE_OF_KIND[change.kind];
        if (!w.stages.has(stage)) continue;
        if (isNew && change.kind !== "announced" && FOLDED_INTO_ANNOUNCED.has(change.kind) && w.stages.has("announced")) continue;
        overlayKey ??= `${watch.id}\u0000${eventKey}`;
        const history = overlay.get(overlayKey) ?? input.history.get(watch.id, eventKey);
        const verdict = evaluateChange(w, changeEvent, change, history);
        if (!verdict) continue;
        const rearm = checkRearm(watch.rearm, stage, verdict.bucket, history, input.now, flapWindowMs);
        if (!rearm.isAllowed) continue;
        const idempotencyKey = formatIdempotencyKey(watch.id, eventKey, change.kind, verdict.bucket, rearm.generation);
        if (issued.has(idempotencyKey)) continue;
        issued.add(idempotencyKey);
        const decision: AlertDecision = {
          idempotencyKey,
          watchId: watch.id,
          userId: watch.userId ?? null,
          provider: changeEvent.provider,
          eventId: changeEvent.id,
          kind: change.kind,
          stage,
          bucket: verdict.bucket,
          change,
          event: changeEvent,
          uncheckedCriteria: sortCriteria([...verdict.unchecked, ...identity.unchecked]),
          priceMinor: verdict.priceMinor,
          currency: verdict.currency,
          decidedAt,
          origin: "change",
        };
        decisions.push(decision);
        overlay.set(overlayKey, foldAlert(history, decision));
      }
    }
  }
  return decisions;
}

function groupByEvent(changes: readonly EventChange[]): Map<string, EventChange[]> {
  const groups = new Map<string, EventChange[]>();
  for (const c of changes) {
    const key = formatEventKey(c.event.provider, c.event.id);
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  return groups;
}

/** Events with their searchable facts folded once (`foldCatalog`), to match any number of watches against. */
export interface FoldedCatalog {
  readonly facts: readonly EventFacts[];
}

/**
 * Folds each event's names, places and classifications once. Matching several watches against the same events
 * (a fan's dashboard, the watch pages) through the folded catalogue costs one fold an event, not one a pair.
 */
export function foldCatalog(events: readonly Event[]): FoldedCatalog {
  return { facts: events.map(readEventFacts) };
}

export interface InitialMatchOptions {
  /** At most this many, soonest first. */
  limit?: number;
}

/**
 * First run, "tell me about the events that already match": every upcoming, not cancelled event meeting all
 * of the watch's conditions, soonest first, as `announced` decisions (origin `initial`) under the same key
 * an announcement would have, so the event is never announced to this watch twice.
 */
export function matchInitial(catalog: FoldedCatalog, watch: MatchableWatch, now: Date, options: InitialMatchOptions = {}): AlertDecision[] {
  if (watch.isPaused) return [];
  const w: CompiledWatch = compileWatch(watch);
  const decidedAt = now.toISOString();
  const today = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const matches: AlertDecision[] = [];
  for (const facts of catalog.facts) {
    const event = facts.event;
    if (event.status === "cancelled" || isPast(event, now, today)) continue;
    const identity = checkIdentity(w, facts);
    if (!identity.isMatch) continue;
    const price = checkPriceRange(watch, event.priceRange);
    const offers = checkOffers(w, event.sectionOffers);
    if (price === "fail" || offers.verdict === "fail") continue;
    const unchecked = [...identity.unchecked, ...offers.unchecked, ...(price === "unknown" ? (["price"] as const) : [])];
    const eventKey = formatEventKey(event.provider, event.id);
    matches.push({
      idempotencyKey: formatIdempotencyKey(watch.id, eventKey, "announced", "announced", 0),
      watchId: watch.id,
      userId: watch.userId ?? null,
      provider: event.provider,
      eventId: event.id,
      kind: "announced",
      stage: "announced",
      bucket: "announced",
      change: { kind: "announced" },
      event,
      uncheckedCriteria: sortCriteria(unchecked),
      priceMinor: event.priceRange?.minMinor ?? null,
      currency: event.priceRange?.currency ?? null,
      decidedAt,
      origin: "initial",
    });
  }
  matches.sort((a, b) => compareStart(a.event, b.event));
  return options.limit === undefined ? matches : matches.slice(0, options.limit);
}

function isPast(event: Event, now: Date, yesterday: string): boolean {
  if (event.start.dateTime) return Date.parse(event.start.dateTime) < now.getTime();
  return event.start.localDate !== null && event.start.localDate < yesterday;
}

/** Soonest first; TBA events last; ties by id so the order is stable. */
function compareStart(a: Event, b: Event): number {
  const da = a.start.dateTime ?? a.start.localDate ?? "\uffff";
  const db = b.start.dateTime ?? b.start.localDate ?? "\uffff";
  return da < db ? -1 : da > db ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
