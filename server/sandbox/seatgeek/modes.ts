/**
 * The SeatGeek fake's switches (limits, withdrawn stats, abuse responses) with defaults that mirror the real
 * API today, and the fixed error bodies it answers with.
 */
import type { WithdrawnStatsShape } from "./render";

export interface SeatGeekFakeModes {
  /** Largest accepted `per_page`: 5000 in 2016, "anything up to 1000" since 2017 (providers.md 3.2 [SG-#12, SG-#29]). */
  perPageLimit: number;
  /** Empty pages with `total: 0` from `deepPagingOffset` on (providers.md 3.2 [SG-#63]); off by default as it was intermittent. */
  isDeepPagingCapped: boolean;
  /** About 10,000 results (providers.md 3.2 [SG-#63]). */
  deepPagingOffset: number;
  /** Stats withdrawn since May 2024 and still in 2026 (providers.md 3.3 [SG-#167, SG-#191]); on by default. */
  isStatsWithdrawn: boolean;
  withdrawnStatsShape: WithdrawnStatsShape;
  /** More than `maxRequests` per client within `windowMs` (wall time) → 406 (providers.md 3.4 [SG-#161]). */
  throttle: { maxRequests: number; windowMs: number } | null;
  /** Answer every request with the PerimeterX block page (providers.md 3.4 [SG-#104]). */
  captcha: "off" | 200 | 403;
  latencyMs: number;
}

export const defaultModes: SeatGeekFakeModes = {
  perPageLimit: 1000,
  isDeepPagingCapped: false,
  deepPagingOffset: 10_000,
  isStatsWithdrawn: true,
  withdrawnStatsShape: "mixed",
  throttle: null,
  captcha: "off",
  latencyMs: 0,
};

/** SeatGeek's documented default page size (providers.md 3.2 [SG-SGAPI]). */
export const defaultPerPage = 10;

const clientRequiredMessage = 'Client is required - visit "https://seatgeek.com/account/develop"';

/** Exact body for a missing client (providers.md 3.1). */
export const missingClientBody = { errors: [{ code: 40307, message: clientRequiredMessage }], message: clientRequiredMessage, status: 403, meta: { status: 403 } };

/** ASSUMPTION: the body for an unknown client id is undocumented; this mirrors the missing-client shape. */
export const invalidClientBody = { errors: [{ code: 40301, message: "Invalid client_id" }], message: "Invalid client_id", status: 403, meta: { status: 403 } };

/** ASSUMPTION: SeatGeek's 404 body is undocumented; this follows the shape of its documented 400 body. */
export const notFoundBody = { status: 404, message: "Not Found", meta: { status: 404 } };

