import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type WatchView = inferRouterOutputs<AppRouter>["watches"]["list"][number];

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function formatPrice(amount: number, currency: string) {
  return new Intl.NumberFormat("en", { style: "currency", currency }).format(amount);
}

/** A watch in a few words: what, where, when, conditions. */
export function describeWatch(watch: WatchView): string[] {
  const parts: string[] = [];
  const what = [...watch.attractions.map((a) => a.name), ...watch.venues.map((v) => v.name)];
  if (watch.keyword) what.push(`"${watch.keyword}"`);
  if (watch.segment) what.push(watch.genre ? `${watch.segment} · ${watch.genre}` : watch.segment);
  if (what.length) parts.push(what.join(", "));
  if (watch.latitude != null && watch.radius != null) parts.push(`within ${watch.radius} ${watch.radiusUnit ?? "km"}`);
  else if (watch.city || watch.countryCode) parts.push([watch.city, watch.countryCode].filter(Boolean).join(", "));
  if (watch.dateFrom || watch.dateTo) parts.push(`${watch.dateFrom ?? "now"} → ${watch.dateTo ?? "any time"}`);
  if (watch.weekdays.length) parts.push(watch.weekdays.map((day) => WEEKDAYS[day - 1]).join("/"));
  if (watch.maxPrice != null && watch.currency) parts.push(`≤ ${formatPrice(watch.maxPrice, watch.currency)}`);
  if (watch.minPrice != null && watch.currency) parts.push(`≥ ${formatPrice(watch.minPrice, watch.currency)}`);
  if (watch.priceDropPercent) parts.push(`drop ≥ ${watch.priceDropPercent}%`);
  if (watch.quantity) parts.push(`${watch.quantity} ticket${watch.quantity > 1 ? "s" : ""}`);
  if (watch.sections.length) parts.push(`sections: ${watch.sections.join(", ")}`);
  return parts;
}
