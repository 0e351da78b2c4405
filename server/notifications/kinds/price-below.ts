import { formatAmount, formatPriceRange } from "../format";
import { describeBasics, describeUnchecked, fanOf, shortName, type AlertContent, type MessageOf } from "./content";

/** The reported price is at or under the watch's ceiling. */
export function describePriceBelow(message: MessageOf<"price-below">): AlertContent {
  const { event, price, ceilingMinor } = message;
  const fan = fanOf(message);
  const from = formatAmount(price.minMinor, price.currency, fan);
  const facts = [{ label: "Price", value: formatPriceRange(price, fan) }, ...describeBasics(message)];
  if (ceilingMinor !== null) facts.splice(1, 0, { label: "Your limit", value: formatAmount(ceilingMinor, price.currency, fan) });
  return {
    subject: `From ${from}: ${event.name}`,
    headline: `Tickets from ${from}: ${shortName(event.name)}`,
    summary: `${event.name} is listed from ${from}${ceilingMinor !== null ? `, within your limit of ${formatAmount(ceilingMinor, price.currency, fan)}` : ""}.`,
    smsLead: (name) => `From ${from}: ${name}.`,
    facts,
    paragraphs: [
      "Prices are face-value ranges as the official source reports them; fees and availability are shown on the official page.",
      ...describeUnchecked(message),
    ],
    actionLabel: "Check prices on the official page",
    tone: "good-news",
  };
}
