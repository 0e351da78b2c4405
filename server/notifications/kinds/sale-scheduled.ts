import { formatInstant } from "../format";
import { describeBasics, describeUnchecked, fanOf, labelSale, shortName, type AlertContent, type MessageOf } from "./content";

/** A presale or the general sale got a start date (or a new one). */
export function describeSaleScheduled(message: MessageOf<"sale-scheduled">): AlertContent {
  const { event, sale } = message;
  const fan = fanOf(message);
  const label = labelSale(sale);
  const starts = sale.startsAt ? formatInstant(sale.startsAt, fan) : "a time to be announced";
  const startsShort = sale.startsAt ? formatInstant(sale.startsAt, fan, { withYear: false }) : "TBA";
  const moved = sale.previousStartsAt ? ` (moved from ${formatInstant(sale.previousStartsAt, fan)})` : "";
  const facts = [{ label: label, value: `${starts}${moved}` }, ...describeBasics(message)];
  if (sale.endsAt) facts.splice(1, 0, { label: "Sale ends", value: formatInstant(sale.endsAt, fan) });
  return {
    subject: `${label} ${sale.previousStartsAt ? "moved" : "scheduled"}: ${event.name}`,
    headline: `${label} ${sale.previousStartsAt ? "moved" : "scheduled"}: ${shortName(event.name)}`,
    summary: `${label} for ${event.name} starts ${starts}${moved}. We will remind you before it opens.`,
    smsLead: (name) => `${label} ${sale.previousStartsAt ? "moved" : "set"} for ${startsShort}: ${name}.`,
    facts,
    paragraphs: [
      sale.type === "presale"
        ? "Presales often need a code or a registration on the official site; the official page says what applies."
        : "Have your account on the official site ready before the sale opens.",
      ...describeUnchecked(message),
    ],
    actionLabel: "See the official event page",
    tone: "info",
  };
}
