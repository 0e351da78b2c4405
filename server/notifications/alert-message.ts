/**
 * The alert as the notification layer receives it: everything a template needs, already resolved (names,
 * links, the fan's zone), so rendering does no IO. The outbox stores this as JSON; `alertMessageSchema`
 * parses it back, so a payload written by an older build fails loudly instead of rendering half an email.
 */
import { z } from "zod";

const isoInstant = z.iso.datetime({ offset: true });
const ianaZone = z.string().refine(isValidTimeZone, "expected an IANA time zone such as Europe/London");

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const priceInfoSchema = z.object({
  minMinor: z.number().int().nonnegative(),
  maxMinor: z.number().int().nonnegative(),
  currency: z.string().length(3),
});
export type PriceInfo = z.infer<typeof priceInfoSchema>;

export const saleInfoSchema = z.object({
  type: z.enum(["presale", "public"]),
  /** Presale name as the source gives it ("Artist presale"); null for the general sale. */
  name: z.string().nullable(),
  startsAt: isoInstant.nullable(),
  endsAt: isoInstant.nullable(),
  /** Set when a scheduled sale moved. */
  previousStartsAt: isoInstant.nullable().default(null),
});
export type SaleInfo = z.infer<typeof saleInfoSchema>;

export const eventInfoSchema = z.object({
  name: z.string().min(1),
  venueName: z.string().nullable(),
  city: z.string().nullable(),
  /** UTC instant of the start, when the source knows the time. */
  startsAt: isoInstant.nullable(),
  /** Venue-local calendar date `YYYY-MM-DD` (date-only events and TBA times). */
  localDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  /** IANA zone of the venue, to show the local time beside the fan's when they differ. */
  venueTimeZone: z.string().nullable(),
  isTba: z.boolean().default(false),
  /** Official event page, raw; any affiliate wrapping happens at render time. */
  officialUrl: z.url({ protocol: /^https?$/ }).nullable(),
});
export type EventInfo = z.infer<typeof eventInfoSchema>;

export const sectionOfferSchema = z.object({
  section: z.string(),
  row: z.string().nullable(),
  priceMinor: z.number().int().nonnegative(),
  currency: z.string().length(3),
  count: z.number().int().positive(),
});

const statusChange = z.enum(["postponed", "rescheduled", "cancelled", "back-on-sale", "off-sale"]);
export type StatusChange = z.infer<typeof statusChange>;

/** The kind-specific part; one branch per alert kind the fan can receive. */
const details = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("announced") }),
  z.object({ kind: z.literal("sale-scheduled"), sale: saleInfoSchema }),
  z.object({ kind: z.literal("sale-reminder"), sale: saleInfoSchema, threshold: z.enum(["24h", "1h", "10m"]) }),
  z.object({ kind: z.literal("on-sale-now"), sale: saleInfoSchema }),
  z.object({ kind: z.literal("price-below"), price: priceInfoSchema, ceilingMinor: z.number().int().nullable() }),
  z.object({ kind: z.literal("price-dropped"), from: priceInfoSchema, to: priceInfoSchema }),
  z.object({
    kind: z.literal("status-changed"),
    status: statusChange,
    /** The start before a reschedule (UTC instant), when known. */
    previousStartsAt: isoInstant.nullable().default(null),
  }),
  z.object({ kind: z.literal("event-gone") }),
  z.object({ kind: z.literal("section-available"), offers: z.array(sectionOfferSchema).min(1) }),
]);

const common = z.object({
  /** Our alert id; stable across retries. */
  alertId: z.string().min(1),
  /** `provider:eventId`; groups notifications about one event (push tags). */
  eventKey: z.string().min(1),
  watchName: z.string().min(1),
  event: eventInfoSchema,
  fan: z.object({
    timeZone: ianaZone,
    /** BCP 47 locale for dates and money; English texts either way. */
    locale: z.string().default("en-GB"),
    name: z.string().nullable().default(null),
  }),
  links: z.object({
    /** The alert's page in the app (delivery status, history). */
    alertUrl: z.url(),
    /** One-click unsubscribe for this watch (List-Unsubscribe target; must accept POST). */
    unsubscribeUrl: z.url(),
    /** Where the fan manages channels and quiet hours. */
    preferencesUrl: z.url(),
  }),
  /** Watch criteria the source could not answer ("carried into the alert, not checked"). */
  uncheckedCriteria: z.array(z.enum(["price", "sections", "quantity", "area", "date"])).default([]),
});

export const alertMessageSchema = z.intersection(common, details);
export type AlertMessage = z.infer<typeof alertMessageSchema>;
export type AlertMessageInput = z.input<typeof alertMessageSchema>;
export type AlertKind = AlertMessage["kind"];

export const ALERT_KINDS = [
  "announced",
  "sale-scheduled",
  "sale-reminder",
  "on-sale-now",
  "price-below",
  "price-dropped",
  "status-changed",
  "event-gone",
  "section-available",
] as const satisfies readonly AlertKind[];

/** Parses a stored or freshly built alert; throws a ZodError naming the bad field. */
export function parseAlertMessage(input: unknown): AlertMessage {
  return alertMessageSchema.parse(input);
}
