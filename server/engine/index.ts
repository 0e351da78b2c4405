/** The pure engine's public API: planner, differ, matcher and the alert history they share. */
export { planQueries, diffPlans, computeQueryKey, type PlanOptions, type PlanDiff } from "./planner";
export { diffEvent, dueReminders, isOnSaleAt, hasMeaningfulChange, projectEvent, type DiffContext } from "./differ";
export { matchChanges, matchInitial, foldCatalog, indexWatches, type MatchInput, type InitialMatchOptions, type FoldedCatalog, type WatchIndex } from "./matcher";
export { createAlertHistory, foldAlert, formatEventKey, recordDecisions, type MemoryAlertHistory, type PastAlert } from "./alert-history";
export { checkRearm, formatIdempotencyKey, DEFAULT_FLAP_WINDOW_MS } from "./rearm";
export { STAGE_OF_KIND, bucketPrice } from "./change-rules";
export type * from "./types";
export { scheduleQueries, weighQuery, isUrgent, projectCallsPerHour, DEFAULT_MIN_INTERVAL_S, type SchedulableQuery, type Budget, type QuerySchedule, type ScheduleOptions } from "./scheduler";
export { labelPrice, MIN_OBSERVATIONS, type PriceLabel } from "./price-label";
