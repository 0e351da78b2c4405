/** One file per alert kind holds its words; this picks the right one. */
import type { AlertMessage } from "../alert-message";
import { describeAnnounced } from "./announced";
import type { AlertContent } from "./content";
import { describeEventGone } from "./event-gone";
import { describeOnSaleNow } from "./on-sale-now";
import { describePriceBelow } from "./price-below";
import { describePriceDropped } from "./price-dropped";
import { describeSaleReminder } from "./sale-reminder";
import { describeSaleScheduled } from "./sale-scheduled";
import { describeSectionAvailable } from "./section-available";
import { describeStatusChanged } from "./status-changed";

export type { AlertContent, AlertFact, AlertTone } from "./content";

export function describeAlert(message: AlertMessage): AlertContent {
  switch (message.kind) {
    case "announced":
      return describeAnnounced(message);
    case "sale-scheduled":
      return describeSaleScheduled(message);
    case "sale-reminder":
      return describeSaleReminder(message);
    case "on-sale-now":
      return describeOnSaleNow(message);
    case "price-below":
      return describePriceBelow(message);
    case "price-dropped":
      return describePriceDropped(message);
    case "status-changed":
      return describeStatusChanged(message);
    case "event-gone":
      return describeEventGone(message);
    case "section-available":
      return describeSectionAvailable(message);
  }
}
