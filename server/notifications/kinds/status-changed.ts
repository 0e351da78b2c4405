import type { StatusChange } from "../alert-message";
import { formatInstant } from "../format";
import { describeBasics, describeUnchecked, fanOf, shortName, type AlertContent, type AlertTone, type MessageOf } from "./content";

interface StatusWords {
  title: string;
  sentence: string;
  advice: string;
  tone: AlertTone;
}

const WORDS: Record<StatusChange, StatusWords> = {
  postponed: {
    title: "Postponed",
    sentence: "has been postponed; a new date has not been announced yet",
    advice: "Tickets usually stay valid for the new date. The official page says what the organiser offers.",
    tone: "bad-news",
  },
  rescheduled: {
    title: "New date",
    sentence: "has a new date",
    advice: "Tickets usually stay valid for the new date. The official page says what the organiser offers.",
    tone: "info",
  },
  cancelled: {
    title: "Cancelled",
    sentence: "has been cancelled",
    advice: "Refunds come from the official seller; the official page says how.",
    tone: "bad-news",
  },
  "back-on-sale": {
    title: "Back on sale",
    sentence: "is on sale again",
    advice: "Seatwatch does not sell tickets: you buy on the official page, by hand.",
    tone: "good-news",
  },
  "off-sale": {
    title: "Sales paused",
    sentence: "is no longer on sale (sold out or paused by the seller)",
    advice: "Sales sometimes reopen; this watch will tell you if they do.",
    tone: "bad-news",
  },
};

/** The event's status moved: postponed, rescheduled, cancelled, back on sale or off sale. */
export function describeStatusChanged(message: MessageOf<"status-changed">): AlertContent {
  const { event, status, previousStartsAt } = message;
  const fan = fanOf(message);
  const words = WORDS[status];
  const paragraphs = [words.advice, ...describeUnchecked(message)];
  const facts = describeBasics(message);
  if (previousStartsAt) facts.splice(1, 0, { label: "Was", value: formatInstant(previousStartsAt, fan) });
  return {
    subject: `${words.title}: ${event.name}`,
    headline: `${words.title}: ${shortName(event.name)}`,
    summary: `${event.name} ${words.sentence}.`,
    smsLead: (name) => `${words.title}: ${name}.`,
    facts,
    paragraphs,
    actionLabel: status === "back-on-sale" ? "Buy on the official page" : "See the official event page",
    tone: words.tone,
  };
}
