import type { AlertDecision, Change } from "@/server/engine";
import { formatMoney } from "@/server/lib/money";

function when(iso: string | null, timeZone: string) {
  if (!iso) return "a date to be announced";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

function describeChange(change: Change, timeZone: string): string {
  switch (change.kind) {
    case "announced":
      return "New event announced.";
    case "presale-scheduled":
      return `Presale "${change.presale}" starts ${when(change.startsAt, timeZone)}.`;
    case "presale-open":
      return `Presale "${change.presale}" is open now.`;
    case "sale-scheduled":
      return `General on-sale starts ${when(change.startsAt, timeZone)}.`;
    case "sale-reminder": {
      const what = change.sale === "presale" ? `Presale "${change.presale}"` : "General on-sale";
      const lead = { "24h": "in 24 hours", "1h": "in 1 hour", "10m": "in 10 minutes" }[change.threshold];
      return `${what} starts ${lead} (${when(change.startsAt, timeZone)}).`;
    }
    case "on-sale":
      return "Tickets are on sale now.";
    case "price-appeared":
      return `Prices published: from ${formatMoney(change.price.minMinor, change.price.currency)}.`;
    case "price-dropped":
      return `Price dropped from ${formatMoney(change.from.minMinor, change.from.currency)} to ${formatMoney(change.to.minMinor, change.to.currency)}.`;
    case "price-changed":
      return "Prices changed.";
    case "status-changed": {
      const labels: Record<string, string> = { onsale: "back on sale", offsale: "off sale", cancelled: "cancelled", postponed: "postponed", rescheduled: "rescheduled" };
      const moved = change.start?.to ? ` New date: ${change.start.to.replace("T", " ")}.` : "";
      return `Event ${labels[change.to] ?? change.to}.${moved}`;
    }
    case "event-gone":
      return "The event is no longer listed by the ticketing source (often a cancellation).";
    case "sections-available":
      return `Seats available in ${change.sections.join(", ")}.`;
  }
}

const UNCHECKED_LABELS: Record<string, string> = { price: "price", sections: "sections", quantity: "quantity", area: "location", date: "date" };

/** Title and body of an alert as the inbox and the channels show it. */
export function describeAlert(decision: AlertDecision, timeZone = "UTC") {
  const event = decision.event;
  const place = [event.venue?.name, event.venue?.city].filter(Boolean).join(", ");
  const date = event.start.dateTime ? when(event.start.dateTime, event.start.timezone ?? timeZone) : (event.start.localDate ?? "date TBA");
  const unchecked = decision.uncheckedCriteria.length
    ? ` Not checked (the source doesn't say): ${decision.uncheckedCriteria.map((criterion) => UNCHECKED_LABELS[criterion] ?? criterion).join(", ")}.`
    : "";
  const prefix = decision.origin === "initial" ? "Already matching: " : "";
  return {
    title: `${event.name}`,
    body: `${prefix}${describeChange(decision.change, timeZone)} ${date}${place ? ` · ${place}` : ""}.${unchecked}`,
  };
}
