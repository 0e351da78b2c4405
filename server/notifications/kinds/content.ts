/**
 * The channel-neutral words of one alert. Each kind's file turns an AlertMessage into this; the email,
 * SMS, push, webhook and in-app renderers only lay it out, so every channel says the same thing.
 */
import type { AlertMessage } from "../alert-message";
import { formatEventStart, formatPlace, type FanLocale } from "../format";

export type AlertTone = "urgent" | "good-news" | "info" | "bad-news";

export interface AlertFact {
  label: string;
  value: string;
}

export interface AlertContent {
  subject: string;
  /** One line: the push title, the email heading, the in-app title. */
  headline: string;
  /** One or two sentences: the push body and the in-app body. */
  summary: string;
  /** The SMS sentence before the link, around the event name, which the renderer shortens first to fit. */
  smsLead: (eventName: string) => string;
  facts: AlertFact[];
  /** Extra explanation for email and webhook. */
  paragraphs: string[];
  /** Label of the call to action that opens the official page. */
  actionLabel: string;
  tone: AlertTone;
}

export type MessageOf<K extends AlertMessage["kind"]> = Extract<AlertMessage, { kind: K }>;

export function fanOf(message: AlertMessage): FanLocale {
  return { timeZone: message.fan.timeZone, locale: message.fan.locale };
}

/** Facts every alert carries: when, where, and which watch matched. */
export function describeBasics(message: AlertMessage): AlertFact[] {
  const fan = fanOf(message);
  return [
    { label: "When", value: formatEventStart(message.event, fan) },
    { label: "Where", value: formatPlace(message.event) },
    { label: "Your watch", value: message.watchName },
  ];
}

const UNCHECKED_LABELS: Record<AlertMessage["uncheckedCriteria"][number], string> = {
  price: "price",
  sections: "sections",
  quantity: "number of tickets",
  area: "area",
  date: "date",
};

/** The honesty line: criteria the source could not answer travel with the alert instead of being faked. */
export function describeUnchecked(message: AlertMessage): string[] {
  if (message.uncheckedCriteria.length === 0) return [];
  const names = message.uncheckedCriteria.map((criterion) => UNCHECKED_LABELS[criterion]);
  return [`Not checked: the ticket source does not report ${names.join(", ")}, so check ${names.length > 1 ? "them" : "it"} on the official page.`];
}

/** The event's short name for tight spaces (SMS, push titles). */
export function shortName(name: string, max = 60): string {
  return name.length <= max ? name : `${name.slice(0, max - 1).trimEnd()}…`;
}

/** "Artist presale" / "General sale". */
export function labelSale(sale: { type: "presale" | "public"; name: string | null }): string {
  if (sale.type === "public") return "General sale";
  return sale.name?.trim() || "Presale";
}
