/** The shape of a golden scenario: a timeline of provider states, the watches, and the exact alerts expected. */
import type { ChangeKind, MatchableWatch, UncheckedCriterion } from "@/server/engine/types";
import type { Event } from "@/server/providers/types";

export interface Step {
  /** Simulated time of this poll or tick (ISO). */
  at: string;
  /** Everything the provider returned for the scenario's query at this time; an event missing here is gone. */
  events?: Event[];
  /** A clock tick without a poll: only reminders can become due. */
  tick?: true;
  /** The first poll of a new query: a baseline, stored but not announced. */
  baseline?: true;
}

export interface ExpectedAlert {
  at: string;
  watch: string;
  event: string;
  kind: ChangeKind;
  bucket: string;
  /** Criteria carried but not checked; omitted means none. */
  unchecked?: UncheckedCriterion[];
}

export interface Scenario {
  name: string;
  /** What this scenario proves, for the reviewer. */
  proves: string;
  watches: MatchableWatch[];
  steps: Step[];
  expected: ExpectedAlert[];
}
