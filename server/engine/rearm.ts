/**
 * Re-arm rules and anti-flap: whether a watch that already heard about an event hears again, and the
 * idempotency key that makes "again" distinct from "retry".
 *
 * | rule            | price / sections (values that move)         | other stages (milestones, per bucket)        |
 * |-----------------|---------------------------------------------|----------------------------------------------|
 * | once            | the first alert only                        | each bucket once (each presale, threshold…)  |
 * | rearm-after N h | again once N h passed since the stage's last | the same bucket again once N h passed        |
 * | new-low         | every new lowest price (lower price bucket) | as once                                      |
 * | cooldown N h    | none within N h of any informational alert  | announced/scheduled as price; time-critical  |
 * |                 | about the event (announced, scheduled,      | ones (reminders, on sale, status) are never  |
 * |                 | price, sections) of an earlier batch        | held by a cooldown, only deduplicated for N h |
 *
 * A cooldown starts after the batch that spoke: the distinct news one poll brings (a presale, the public
 * on-sale date and a first price, say) each reach the watch, while a stage that moves still speaks once per
 * batch and a bucket once per window. The batch is told by its instant: the matcher decides a whole batch at
 * `now`, and alerts decided at that instant are this batch's (a retry of it finds its buckets taken).
 *
 * Anti-flap (every rule): a status or on-sale alert to a state already alerted within the flap window is
 * dropped, so onsale → offsale → onsale → offsale → onsale in an afternoon sends two alerts, not four.
 */
import type { AlertStage, RearmRule, WatchEventHistory } from "./types";

/** Stages whose value keeps moving; a rule limits how often they speak, not which value. */
const MOVING: ReadonlySet<AlertStage> = new Set(["price", "sections"]);
/** Stages a cooldown must never hold back: missing them costs the fan the tickets. */
const TIME_CRITICAL: ReadonlySet<AlertStage> = new Set(["sale-reminder", "on-sale", "status"]);
const HOUR_MS = 60 * 60 * 1000;

/** Default anti-flap window: statuses that bounce within it are noise (providers flip onsale/offsale). */
export const DEFAULT_FLAP_WINDOW_MS = 6 * HOUR_MS;

export interface RearmVerdict {
  isAllowed: boolean;
  /** Distinguishes a re-armed repeat of the same bucket from the first alert in the idempotency key. */
  generation: number;
  reason: string | null;
}

function elapsedMs(sinceIso: string | null | undefined, now: Date): number {
  return sinceIso ? now.getTime() - Date.parse(sinceIso) : Number.POSITIVE_INFINITY;
}

// Module-level rather than closures: this runs once per candidate alert in a 100k-watch batch.
function allow(generation: number): RearmVerdict {
  return { isAllowed: true, generation, reason: null };
}

function deny(reason: string): RearmVerdict {
  return { isAllowed: false, generation: 0, reason };
}

/** Whether the rule (and anti-flap) lets this stage/bucket alert now, given the watch × event history. */
export function checkRearm(
  rule: RearmRule,
  stage: AlertStage,
  bucket: string,
  history: WatchEventHistory | undefined,
  now: Date,
  flapWindowMs: number = DEFAULT_FLAP_WINDOW_MS,
): RearmVerdict {
  if (!history) return allow(0);
  const record = history.byStage[stage];
  const bucketAt = record?.buckets[bucket];
  if ((stage === "status" || stage === "on-sale") && elapsedMs(bucketAt, now) < flapWindowMs) return deny("flapping");
  const count = record?.count ?? 0;
  const isMoving = MOVING.has(stage);
  switch (rule.mode) {
    case "once":
    case "new-low":
      // new-low lets price speak again only for a lower bucket, which the matcher checked; lower buckets are new keys.
      if (rule.mode === "new-low" && stage === "price") return bucketAt ? deny("price bucket already alerted") : allow(0);
      if (isMoving) return record ? deny("already alerted once") : allow(0);
      return bucketAt ? deny("already alerted once") : allow(0);
    case "rearm-after": {
      const windowMs = rule.hours * HOUR_MS;
      if (isMoving) return elapsedMs(record?.lastAt, now) < windowMs ? deny("not re-armed yet") : allow(count);
      return elapsedMs(bucketAt, now) < windowMs ? deny("not re-armed yet") : allow(count);
    }
    case "cooldown": {
      const windowMs = rule.hours * HOUR_MS;
      if (elapsedMs(bucketAt, now) < windowMs) return deny("cooling down");
      if (TIME_CRITICAL.has(stage)) return allow(count);
      if (isMoving && elapsedMs(record?.lastAt, now) < windowMs) return deny("cooling down");
      return elapsedMs(lastInformationalBefore(history, now), now) < windowMs ? deny("cooling down") : allow(count);
    }
  }
}

/**
 * Cooldown for informational stages is about the event as a whole, so it reads across those stages; a stage
 * whose last alert is this batch's (decided exactly at `now`) is skipped: an earlier alert of it inside the
 * window would have held this batch's, so none is hidden.
 */
function lastInformationalBefore(history: WatchEventHistory, now: Date): string | null {
  let last: string | null = null;
  for (const [stage, record] of Object.entries(history.byStage)) {
    if (!record || TIME_CRITICAL.has(stage as AlertStage)) continue;
    const at = Date.parse(record.lastAt);
    if (at === now.getTime()) continue;
    if (!last || at > Date.parse(last)) last = record.lastAt;
  }
  return last;
}

/** The idempotency key: watch × event × change kind × value bucket, plus the re-arm generation when > 0. */
export function formatIdempotencyKey(watchId: string, eventKey: string, kind: string, bucket: string, generation: number): string {
  const base = `${watchId}|${eventKey}|${kind}|${bucket}`;
  return generation > 0 ? `${base}|#${generation}` : base;
}
