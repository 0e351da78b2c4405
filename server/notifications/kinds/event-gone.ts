import { describeBasics, fanOf, shortName, type AlertContent, type MessageOf } from "./content";
import { formatEventStart } from "../format";

/** The source stopped listing the event; we do not know why, and say so. */
export function describeEventGone(message: MessageOf<"event-gone">): AlertContent {
  const { event } = message;
  const when = formatEventStart(event, fanOf(message));
  return {
    subject: `No longer listed: ${event.name}`,
    headline: `No longer listed: ${shortName(event.name)}`,
    summary: `The ticket source no longer lists ${event.name} (${when}).`,
    smsLead: (name) => `No longer listed: ${name}.`,
    facts: describeBasics(message),
    paragraphs: [
      "It may have been cancelled, moved to a new listing or withdrawn from sale. The official page, if it still opens, has the organiser's word.",
    ],
    actionLabel: "Try the official event page",
    tone: "bad-news",
  };
}
