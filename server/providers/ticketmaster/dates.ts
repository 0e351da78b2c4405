/**
 * Discovery accepts date parameters only as `YYYY-MM-DDTHH:mm:ssZ`; milliseconds or a missing `Z` give 400
 * DIS1015 — providers.md 1.3 [TM-SWAGGER-2018, PROBE-2026 §7].
 */

/** Formats an instant for a Discovery date parameter (truncates to whole seconds). */
export function formatDiscoveryDate(input: string | number | Date): string {
  const ms = input instanceof Date ? input.getTime() : typeof input === "number" ? input : Date.parse(input);
  if (!Number.isFinite(ms)) throw new RangeError(`not a date: ${String(input)}`);
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  return new Date(wholeSeconds).toISOString().replace(/\.\d{3}Z$/, "Z");
}
