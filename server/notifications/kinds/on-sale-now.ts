import { formatInstant } from "../format";
import { describeBasics, describeUnchecked, fanOf, labelSale, shortName, type AlertContent, type MessageOf } from "./content";

/** Tickets can be bought now (general sale or a presale opened). */
export function describeOnSaleNow(message: MessageOf<"on-sale-now">): AlertContent {
  const { event, sale } = message;
  const fan = fanOf(message);
  const isPresale = sale.type === "presale";
  const title = isPresale ? `${labelSale(sale)} is open` : "On sale now";
  const facts = [...describeBasics(message)];
  if (sale.endsAt) facts.unshift({ label: isPresale ? "Presale ends" : "Sale ends", value: formatInstant(sale.endsAt, fan) });
  return {
    subject: `${title}: ${event.name}`,
    headline: `${title}: ${shortName(event.name)}`,
    summary: `${title} for ${event.name}. Buy on the official page.`,
    smsLead: (name) => `${title}: ${name}.`,
    facts,
    paragraphs: [
      "Seatwatch does not sell tickets: you buy on the official page, by hand.",
      ...describeUnchecked(message),
    ],
    actionLabel: "Buy on the official page",
    tone: "urgent",
  };
}
