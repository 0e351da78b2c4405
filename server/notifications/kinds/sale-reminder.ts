import { formatInstant, formatTimeOfDay } from "../format";
import { describeBasics, describeUnchecked, fanOf, labelSale, shortName, type AlertContent, type MessageOf } from "./content";

// The threshold is part of the alert, so the wording is the same on every retry.
const LEAD_TIME: Record<MessageOf<"sale-reminder">["threshold"], string> = {
  "24h": "in 24 hours",
  "1h": "in 1 hour",
  "10m": "in 10 minutes",
};

/** A sale the fan is waiting for opens soon. */
export function describeSaleReminder(message: MessageOf<"sale-reminder">): AlertContent {
  const { event, sale, threshold } = message;
  const fan = fanOf(message);
  const label = labelSale(sale);
  const lead = LEAD_TIME[threshold];
  const at = sale.startsAt ? ` (${formatInstant(sale.startsAt, fan)})` : "";
  const atShort = sale.startsAt ? ` (${formatTimeOfDay(sale.startsAt, fan)})` : "";
  return {
    subject: `Starts ${lead}: ${label} for ${event.name}`,
    headline: `${label} starts ${lead}: ${shortName(event.name)}`,
    summary: `${label} for ${event.name} opens ${lead}${at}.`,
    smsLead: (name) => `${label} opens ${lead}${atShort}: ${name}.`,
    facts: [{ label: label, value: sale.startsAt ? formatInstant(sale.startsAt, fan) : "Start time not published" }, ...describeBasics(message)],
    paragraphs: [
      threshold === "24h"
        ? "Sign in to the official site today and check your payment details, so nothing slows you down."
        : "Be signed in on the official site before it opens; queues form at the start.",
      ...describeUnchecked(message),
    ],
    actionLabel: "Open the official event page",
    tone: threshold === "24h" ? "info" : "urgent",
  };
}
