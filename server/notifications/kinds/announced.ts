import { formatEventStart } from "../format";
import { describeBasics, describeUnchecked, fanOf, shortName, type AlertContent, type MessageOf } from "./content";

/** A new event matched the watch. */
export function describeAnnounced(message: MessageOf<"announced">): AlertContent {
  const { event } = message;
  const fan = fanOf(message);
  const when = formatEventStart(event, fan);
  return {
    subject: `Just announced: ${event.name}`,
    headline: `Just announced: ${shortName(event.name)}`,
    summary: `${event.name} was announced for ${when}.`,
    smsLead: (name) => `New: ${name}, ${formatEventStart(event, fan, { withYear: false })}.`,
    facts: describeBasics(message),
    paragraphs: [
      "Sale dates follow when the official seller publishes them; this watch will tell you.",
      ...describeUnchecked(message),
    ],
    actionLabel: "See the official event page",
    tone: "info",
  };
}
