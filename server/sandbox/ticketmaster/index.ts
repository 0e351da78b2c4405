/**
 * The Discovery fake's public surface.
 */
export { startTicketmasterFake, type TicketmasterFake, type TicketmasterFakeOptions } from "./server";
export type { CallLogEntry } from "./call-log";
export type { ClockInfo } from "./clock";
export type { ClockChange, WorldSummary } from "./fake-core";
export type { FailureSpec } from "./failures";
export type { FeedEvent } from "./feed";
export type { QuotaSnapshot } from "./gateway";
export { createDefaultOptions, DEFAULT_KEY, type OptionsPatch, type SpikeArrestOptions, type TunableOptions } from "./options";
export type * from "./types";
