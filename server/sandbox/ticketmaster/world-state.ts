/**
 * Replays a world's timeline up to a position on the world clock. Replay is incremental while the clock moves
 * forward (the common case: every request) and restarts from the base world when the clock is set back.
 */
import { mergePatch } from "./deep-merge";
import type { TimelineStep, TmAttraction, TmEvent, TmInstant, TmPatch, TmVenue, World } from "./types";

export interface WorldView {
  /** Current events in world insertion order (past events included; callers decide what "past" hides). */
  events: TmEvent[];
  eventsById: Map<string, TmEvent>;
  attractions: TmAttraction[];
  venues: TmVenue[];
  /** Bumps whenever the event set changes, so derived caches know when to rebuild. */
  version: number;
}

export class WorldState {
  private readonly base: World;
  private readonly steps: TimelineStep[];
  private current = new Map<string, TmEvent>();
  private cursor = 0;
  private position = Number.NEGATIVE_INFINITY;
  private version = 0;
  private view: WorldView | null = null;

  constructor(world: World) {
    this.base = structuredClone(world);
    // Stable sort: steps scheduled for the same instant apply in the order the author wrote them.
    this.steps = this.base.timeline.map((step, index) => ({ step, index }))
      .sort((a, b) => a.step.at - b.step.at || a.index - b.index)
      .map(({ step }) => step);
    this.rewind();
  }

  get startAt(): number | undefined {
    return this.base.startAt === undefined ? undefined : Date.parse(this.base.startAt);
  }

  get timeline(): readonly TimelineStep[] {
    return this.steps;
  }

  /** Number of timeline steps applied at the last `viewAt`. */
  get appliedSteps(): number {
    return this.cursor;
  }

  viewAt(elapsedMs: number): WorldView {
    if (elapsedMs < this.position) this.rewind();
    this.position = elapsedMs;
    let changed = false;
    while (this.cursor < this.steps.length && (this.steps[this.cursor]?.at ?? Infinity) <= elapsedMs) {
      this.applyStep(this.steps[this.cursor] as TimelineStep);
      this.cursor += 1;
      changed = true;
    }
    if (changed || !this.view) {
      this.version += 1;
      const events = [...this.current.values()];
      this.view = {
        events,
        eventsById: this.current,
        attractions: collectAttractions(this.base.attractions, events),
        venues: collectVenues(this.base.venues, events),
        version: this.version,
      };
    }
    return this.view;
  }

  private rewind(): void {
    this.current = new Map(this.base.events.map((event) => [event.id, structuredClone(event)]));
    this.cursor = 0;
    this.position = Number.NEGATIVE_INFINITY;
    this.view = null;
  }

  private applyStep(step: TimelineStep): void {
    if (step.op === "add") {
      this.current.set(step.event.id, structuredClone(step.event));
    } else if (step.op === "remove") {
      this.current.delete(step.id);
    } else {
      const existing = this.current.get(step.id);
      if (existing) this.current.set(step.id, applyEventPatch(existing, step.event));
    }
  }
}

const MOVED_STATUSES = new Set(["postponed", "rescheduled"]);

/**
 * Deep-merges a patch into an event. When the status moves to postponed or rescheduled and the event has no
 * `initialStartDate` yet, the pre-patch start is kept there, as the real API reports it (PROBE-2026 §8).
 */
export function applyEventPatch(event: TmEvent, patch: TmPatch<TmEvent>): TmEvent {
  const merged = mergePatch(event, patch);
  const newCode = merged.dates?.status?.code;
  const isMoving = newCode !== event.dates.status.code && newCode !== undefined && MOVED_STATUSES.has(newCode);
  if (isMoving && !merged.dates.initialStartDate && !event.dates.initialStartDate) {
    merged.dates = { ...merged.dates, initialStartDate: pickInstant(event.dates.start) };
  }
  return merged;
}

function pickInstant(start: TmInstant): TmInstant {
  const instant: TmInstant = {};
  if (start.localDate !== undefined) instant.localDate = start.localDate;
  if (start.localTime !== undefined) instant.localTime = start.localTime;
  if (start.dateTime !== undefined) instant.dateTime = start.dateTime;
  return instant;
}

/** The attraction catalogue: the world's list plus any attraction only known from an event's `_embedded`. */
function collectAttractions(catalogue: TmAttraction[], events: TmEvent[]): TmAttraction[] {
  const byId = new Map(catalogue.map((attraction) => [attraction.id, attraction]));
  for (const event of events) {
    for (const attraction of event._embedded?.attractions ?? []) {
      if (!byId.has(attraction.id)) byId.set(attraction.id, attraction);
    }
  }
  return [...byId.values()];
}

function collectVenues(catalogue: TmVenue[], events: TmEvent[]): TmVenue[] {
  const byId = new Map(catalogue.map((venue) => [venue.id, venue]));
  for (const event of events) {
    for (const venue of event._embedded?.venues ?? []) {
      if (!byId.has(venue.id)) byId.set(venue.id, venue);
    }
  }
  return [...byId.values()];
}
