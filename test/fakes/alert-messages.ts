/**
 * Alert messages for notification tests: one realistic example per kind, parsed through the real schema so
 * a fixture can never drift from what the outbox stores.
 */
import { parseAlertMessage, type AlertKind, type AlertMessage, type EventInfo } from "@/server/notifications/alert-message";

export const OFFICIAL_URL = "https://www.ticketmaster.co.uk/the-lumineers-london-12-06-2026/event/1F005E8C";
const APP = "https://seatwatch.example";

const base = {
  alertId: "alert-0001",
  eventKey: "ticketmaster:1F005E8C",
  watchName: "Lumineers in London",
  event: {
    name: "The Lumineers – Automatic World Tour",
    venueName: "The O2",
    city: "London",
    startsAt: "2026-06-12T18:30:00Z",
    localDate: "2026-06-12",
    venueTimeZone: "Europe/London",
    isTba: false,
    officialUrl: OFFICIAL_URL,
  },
  fan: { timeZone: "Europe/London", locale: "en-GB", name: "Sam" },
  links: {
    alertUrl: `${APP}/alerts/alert-0001`,
    unsubscribeUrl: `${APP}/api/v1/unsubscribe?token=tok_123`,
    preferencesUrl: `${APP}/settings/notifications`,
  },
  uncheckedCriteria: [],
};

const sale = { type: "public" as const, name: null, startsAt: "2026-03-06T10:00:00Z", endsAt: null, previousStartsAt: null };
const presale = { type: "presale" as const, name: "Artist presale", startsAt: "2026-03-04T10:00:00Z", endsAt: "2026-03-05T22:00:00Z", previousStartsAt: null };

const DETAILS: Record<AlertKind, object> = {
  announced: { kind: "announced" },
  "sale-scheduled": { kind: "sale-scheduled", sale: presale },
  "sale-reminder": { kind: "sale-reminder", sale, threshold: "10m" },
  "on-sale-now": { kind: "on-sale-now", sale },
  "price-below": { kind: "price-below", price: { minMinor: 4550, maxMinor: 12000, currency: "GBP" }, ceilingMinor: 6000 },
  "price-dropped": { kind: "price-dropped", from: { minMinor: 8000, maxMinor: 15000, currency: "GBP" }, to: { minMinor: 6000, maxMinor: 15000, currency: "GBP" } },
  "status-changed": { kind: "status-changed", status: "rescheduled", previousStartsAt: "2026-05-30T18:30:00Z" },
  "event-gone": { kind: "event-gone" },
  "section-available": {
    kind: "section-available",
    offers: [
      { section: "112", row: "F", priceMinor: 9500, currency: "GBP", count: 2 },
      { section: "113", row: null, priceMinor: 8900, currency: "GBP", count: 4 },
    ],
  },
};

/** A valid message of `kind`; `overrides` merge shallowly (nested objects replace whole). */
export function buildAlertMessage(kind: AlertKind, overrides: Partial<Record<string, unknown>> = {}): AlertMessage {
  return parseAlertMessage({ ...base, ...DETAILS[kind], ...overrides });
}

export function buildEvent(overrides: Partial<EventInfo> = {}): EventInfo {
  return { ...base.event, ...overrides };
}
