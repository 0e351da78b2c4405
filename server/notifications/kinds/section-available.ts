import { formatAmount } from "../format";
import { describeBasics, describeUnchecked, fanOf, shortName, type AlertContent, type MessageOf } from "./content";

/** Seats in a wanted section showed up (only partner sources report sections). */
export function describeSectionAvailable(message: MessageOf<"section-available">): AlertContent {
  const { event, offers } = message;
  const fan = fanOf(message);
  const sections = [...new Set(offers.map((offer) => offer.section))];
  const cheapest = offers.reduce((best, offer) => (offer.priceMinor < best.priceMinor ? offer : best));
  const from = formatAmount(cheapest.priceMinor, cheapest.currency, fan);
  const where = sections.length === 1 ? `section ${sections[0]}` : `sections ${sections.slice(0, 3).join(", ")}${sections.length > 3 ? "…" : ""}`;
  const offerFacts = offers.slice(0, 5).map((offer) => ({
    label: `Section ${offer.section}${offer.row ? `, row ${offer.row}` : ""}`,
    value: `${offer.count} together at ${formatAmount(offer.priceMinor, offer.currency, fan)} each`,
  }));
  return {
    subject: `Seats in ${where}: ${event.name}`,
    headline: `Seats in ${where}: ${shortName(event.name)}`,
    summary: `Seats in ${where} for ${event.name}, from ${from} each. They go fast.`,
    smsLead: (name) => `Seats in ${where} from ${from}: ${name}.`,
    facts: [...offerFacts, ...describeBasics(message)],
    paragraphs: [
      "Availability changes by the minute; the official page has the live seat map.",
      ...describeUnchecked(message),
    ],
    actionLabel: "Open the seat map on the official page",
    tone: "urgent",
  };
}
