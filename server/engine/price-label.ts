/**
 * Price context from prices we observed ourselves, never from the vendor's claims: where the current lowest
 * price sits among the lows we recorded for the event.
 */
export type PriceLabel = "low" | "typical" | "high" | "unknown";

/** Fewer distinct observations than this say nothing useful. */
export const MIN_OBSERVATIONS = 3;

/** Labels `current` against observed lows (same currency): bottom quarter low, top quarter high. */
export function labelPrice(current: number | null, observed: readonly number[]): PriceLabel {
  if (current === null || observed.length < MIN_OBSERVATIONS) return "unknown";
  const sorted = [...observed].sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!;
  if (sorted[0] === sorted[sorted.length - 1]) return "typical";
  if (current <= quantile(0.25)) return "low";
  if (current >= quantile(0.75)) return "high";
  return "typical";
}
