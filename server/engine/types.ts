/**
 * Types shared by the pure engine: the slices of a stored watch the planner and matcher read, the typed
 * changes the differ emits, and the alert decisions the matcher returns. The watch-side types mirror
 * `db/schema/watches.ts` structurally (the engine may not import `@/db`), so a `WatchRow` is assignable to
 * `PlannableWatch` and `MatchableWatch` as it is.
 */
import type { Event, EventQuery, EventStatus, PriceRange, ProviderId, SectionOffer } from "@/server/providers/types";

export type AlertStage = "announced" | "sale-scheduled" | "sale-reminder" | "on-sale" | "price" | "status" | "sections";
export type RearmRule =
  | { mode: "once" }
  | { mode: "rearm-after"; hours: number }
  | { mode: "new-low" }
  | { mode: "cooldown"; hours: number };
export type CheckClass = "relaxed" | "standard" | "urgent";

export interface WatchRef {
  id: string;
  name: string;
}

/** What the planner needs of a watch: what, where and when — nothing the API cannot filter. */
export interface PlannableWatch {
  id: string;
  userId?: string;
  isPaused: boolean;
  attractions: WatchRef[];
  venues: WatchRef[];
  keyword: string | null;
  city: string | null;
  countryCode: string | null;
  latitude: number | null;
  longitude: number | null;
  radius: number | null;
  radiusUnit: "km" | "miles" | null;
  segment: string | null;
  genre: string | null;
  /** Venue-local calendar dates `YYYY-MM-DD`. */
  dateFrom: string | null;
  dateTo: string | null;
  /** Fastest polling class the fan's tier allows; the scheduler reads it off the planned query. */
  checkClass?: CheckClass;
}

/** What the matcher needs of a watch: the planner's slice plus every local condition and the re-arm rule. */
export interface MatchableWatch extends PlannableWatch {
  /** ISO weekdays 1 (Monday) … 7 (Sunday); empty means any day. */
  weekdays: number[];
  maxPriceMinor: number | null;
  minPriceMinor: number | null;
  currency: string | null;
  priceDropPercent: number | null;
  isNewLowOnly: boolean;
  quantity: number | null;
  sections: string[];
  stages: AlertStage[];
  rearm: RearmRule;
}

export type PlannedQueryKind = "attractions" | "venues" | "keyword" | "area";

/** One canonical provider query and the watches it serves. */
export interface PlannedQuery {
  /** Deterministic id of the normalized query (provider, kind, filters, window); independent of watch order. */
  key: string;
  provider: ProviderId;
  kind: PlannedQueryKind;
  query: EventQuery;
  /** Sorted, unique. */
  watchIds: string[];
  /** Distinct fans served, when watches carry `userId` (else the watch count). */
  fanCount: number;
  /** Fastest check class among the watches served. */
  checkClass: CheckClass;
}

export type ReminderThreshold = "24h" | "1h" | "10m";

/** A typed change of one event between two polls (or, for reminders, between two clock readings). */
export type Change =
  | { kind: "announced" }
  | { kind: "presale-scheduled"; presale: string; startsAt: string; endsAt: string | null }
  | { kind: "presale-open"; presale: string; startsAt: string; endsAt: string | null }
  | { kind: "sale-scheduled"; startsAt: string; previousStartsAt: string | null }
  | { kind: "sale-reminder"; sale: "public" | "presale"; presale: string | null; startsAt: string; threshold: ReminderThreshold }
  | { kind: "on-sale"; startsAt: string | null }
  | { kind: "price-appeared"; price: PriceRange }
  | { kind: "price-dropped"; from: PriceRange; to: PriceRange }
  | { kind: "price-changed"; from: PriceRange | null; to: PriceRange | null }
  | {
      kind: "status-changed";
      from: EventStatus;
      to: EventStatus;
      /** Set when the start moved (a reschedule with a new date); `YYYY-MM-DD[THH:mm:ss]` venue-local, or UTC instant. */
      start: { from: string | null; to: string | null } | null;
    }
  | { kind: "event-gone" }
  | { kind: "sections-available"; sections: string[]; offers: SectionOffer[] };

export type ChangeKind = Change["kind"];

/** A change plus the event it concerns: the current snapshot, or the last known one for `event-gone`. */
export interface EventChange {
  change: Change;
  event: Event;
}

/** Criteria a watch carries that the event's source could not answer; shown to the fan, never faked. */
export type UncheckedCriterion = "price" | "sections" | "quantity" | "area" | "date";

/** One alert the matcher decided on. Persist it under `idempotencyKey` with a unique constraint. */
export interface AlertDecision {
  /** `watch|provider:event|kind|bucket[|#generation]`: equal for retries, distinct for genuinely new alerts. */
  idempotencyKey: string;
  watchId: string;
  userId: string | null;
  provider: ProviderId;
  eventId: string;
  kind: ChangeKind;
  stage: AlertStage;
  /** The value bucket this alert is about (price bucket, status, presale name, threshold…). */
  bucket: string;
  change: Change;
  /** The snapshot the alert describes (rendering, official link). */
  event: Event;
  uncheckedCriteria: UncheckedCriterion[];
  /** Price the alert reports (for "lowest alerted" and new-low rules). */
  priceMinor: number | null;
  currency: string | null;
  /** ISO instant of the decision (the clock passed in). */
  decidedAt: string;
  /** `change` for news the differ found; `initial` for the first-run "events that already match" list. */
  origin: "change" | "initial";
}

/** One stage's alert record for a watch × event. */
export interface StageHistory {
  count: number;
  /** ISO instant of the last alert in this stage. */
  lastAt: string;
  /** Last alert time per bucket. */
  buckets: Record<string, string>;
}

/** Past alerts of one watch about one event, folded. */
export interface WatchEventHistory {
  count: number;
  /** ISO instant of the last alert of any stage. */
  lastAt: string | null;
  byStage: Partial<Record<AlertStage, StageHistory>>;
  /** Lowest price ever alerted, with its currency. */
  lowestPriceMinor: number | null;
  lowestPriceCurrency: string | null;
}

/** Read access to past alerts per watch × event (`eventKey` = `provider:eventId`). */
export interface AlertHistory {
  get(watchId: string, eventKey: string): WatchEventHistory | undefined;
}
