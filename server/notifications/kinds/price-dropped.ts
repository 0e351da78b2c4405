import { formatAmount, formatPriceRange } from "../format";
import { describeBasics, describeUnchecked, fanOf, shortName, type AlertContent, type MessageOf } from "./content";

/** The lowest reported price fell. */
export function describePriceDropped(message: MessageOf<"price-dropped">): AlertContent {
  const { event, from, to } = message;
  const fan = fanOf(message);
  const before = formatAmount(from.minMinor, from.currency, fan);
  const after = formatAmount(to.minMinor, to.currency, fan);
  const percent = from.currency === to.currency && from.minMinor > 0 ? Math.round(((from.minMinor - to.minMinor) / from.minMinor) * 100) : null;
  const drop = percent !== null && percent > 0 ? ` (${percent}% less)` : "";
  return {
    subject: `Price dropped to ${after}: ${event.name}`,
    headline: `Down to ${after}: ${shortName(event.name)}`,
    summary: `The lowest price for ${event.name} dropped from ${before} to ${after}${drop}.`,
    smsLead: (name) => `Now from ${after} (was ${before}): ${name}.`,
    facts: [
      { label: "Now", value: formatPriceRange(to, fan) },
      { label: "Before", value: formatPriceRange(from, fan) },
      ...describeBasics(message),
    ],
    paragraphs: [
      "Prices are face-value ranges as the official source reports them; fees and availability are shown on the official page.",
      ...describeUnchecked(message),
    ],
    actionLabel: "Check prices on the official page",
    tone: "good-news",
  };
}
