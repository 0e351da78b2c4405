/**
 * Shared HTTP machinery for every provider client (Ticketmaster, SeatGeek, partner sources):
 * - `Clock` (+ virtual/offset clocks for tests) — all timing is injectable.
 * - `Pacer` / `PacerRegistry` / `processPacers` — per-key serial queue with a minimum start gap.
 * - `runWithRetry` / `computeBackoffDelay` — bounded exponential backoff with full jitter.
 * - `CircuitBreaker` — per-provider closed/open/half-open with snapshot + change callback.
 * - `redactSecrets` / `describeEndpoint` / `labelApiKey` — keep credentials out of logs, errors, ledgers.
 * - `QuotaGate` port, `openQuotaGate`, `InMemoryQuotaGate` (Ticketmaster-style rolling window).
 * - `fetchText` / `parseJsonBody` — one timed GET, and JSON-vs-HTML detection.
 * - `CallExecutor` — wires all of the above; a client supplies only the vendor's response interpretation.
 */
export * from "./clock";
export * from "./pacer";
export * from "./retry";
export * from "./circuit-breaker";
export * from "./redact";
export * from "./key-label";
export * from "./quota-gate";
export * from "./in-memory-quota-gate";
export * from "./transport";
export * from "./json-body";
export * from "./call-executor";
