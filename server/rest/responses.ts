/**
 * What the REST API answers, as zod schemas: the OpenAPI document is generated from them, and the REST tests
 * parse real responses with them, so the document cannot drift from what the services return.
 */
import { z } from "zod";
import { ALERT_STAGES, CHANNELS, SEGMENTS } from "@/server/services/watches/input";

const timestamp = z.iso.datetime({ offset: true });
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();
const ref = z.object({ id: z.string(), name: z.string() });

export const watchResponse = z
  .object({
    id: z.uuid(),
    userId: z.string(),
    name: z.string(),
    isPaused: z.boolean(),
    attractions: z.array(ref),
    venues: z.array(ref),
    keyword: nullable(z.string()),
    city: nullable(z.string()),
    countryCode: nullable(z.string()),
    latitude: nullable(z.number()),
    longitude: nullable(z.number()),
    radius: nullable(z.int()),
    radiusUnit: nullable(z.enum(["km", "miles"])),
    segment: nullable(z.enum(SEGMENTS)),
    genre: nullable(z.string()),
    dateFrom: nullable(z.iso.date()),
    dateTo: nullable(z.iso.date()),
    weekdays: z.array(z.int()),
    maxPrice: nullable(z.number()).describe("Major units of `currency`"),
    minPrice: nullable(z.number()),
    currency: nullable(z.string()),
    priceDropPercent: nullable(z.int()),
    isNewLowOnly: z.boolean(),
    quantity: nullable(z.int()),
    sections: z.array(z.string()),
    stages: z.array(z.enum(ALERT_STAGES)),
    rearm: z.object({ mode: z.enum(["once", "rearm-after", "new-low", "cooldown"]), hours: z.int().optional() }),
    channels: z.array(z.enum(CHANNELS)),
    deliveryMode: z.enum(["instant", "digest"]),
    firstRun: z.enum(["existing", "changes"]),
    baselinedAt: nullable(timestamp),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Watch" });

export const watchListResponse = z.object({ watches: z.array(watchResponse) });

export const deletedWatchResponse = z
  .object({ id: z.uuid(), restorableUntil: timestamp.describe("The watch can be restored in the app until then") })
  .meta({ id: "DeletedWatch" });

export const alertResponse = z
  .object({
    id: z.uuid(),
    watchId: z.uuid(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    url: nullable(z.string()).describe("The official event page"),
    uncheckedCriteria: z.array(z.string()).describe("Conditions of the watch the source could not check"),
    createdAt: timestamp,
    readAt: nullable(timestamp),
    event: nullable(z.object({ name: z.string(), startsAt: nullable(timestamp), localDate: nullable(z.iso.date()), city: nullable(z.string()), venueName: nullable(z.string()), status: z.string() })).describe("Null for an alert about the watch itself"),
  })
  .meta({ id: "Alert" });

export const alertListResponse = z.object({ alerts: z.array(alertResponse) });

const eventSummaryShape = {
  id: z.uuid(),
  provider: z.string(),
  name: z.string(),
  url: nullable(z.string()),
  status: z.string(),
  startsAt: nullable(timestamp),
  localDate: nullable(z.iso.date()),
  timezone: nullable(z.string()),
  venueName: nullable(z.string()),
  city: nullable(z.string()),
  countryCode: nullable(z.string()),
  segment: nullable(z.string()),
  genre: nullable(z.string()),
  priceMinMinor: nullable(z.int()).describe("Lowest known price in minor units of `currency`"),
  priceMaxMinor: nullable(z.int()),
  currency: nullable(z.string()),
  publicSaleStartsAt: nullable(timestamp),
  lastChangedAt: timestamp,
};

const saleWindow = z.object({ startsAt: nullable(z.string()).describe("ISO-8601 instant"), endsAt: nullable(z.string()) }).loose();

export const eventSummaryResponse = z.object(eventSummaryShape).meta({ id: "EventSummary" });

export const eventListResponse = z.object({
  events: z.array(eventSummaryResponse),
  total: z.int().describe("Events in the stored catalogue (not only those matching)"),
});

export const eventDetailResponse = z
  .object({
    ...eventSummaryShape,
    presales: z.array(saleWindow.extend({ name: z.string() }).loose()),
    publicSale: saleWindow,
    ticketLimit: nullable(z.string()),
    seatmapUrl: nullable(z.string()),
    attractions: z.array(ref),
    sectionOffers: nullable(
      z.array(z.object({ section: z.string(), row: nullable(z.string()), priceMinor: z.int(), faceValueMinor: nullable(z.int()), currency: z.string(), count: z.int() })),
    ).describe("Only with a partner source; null when the source cannot answer"),
    availability: nullable(z.enum(["available", "few-left", "not-available", "unknown"])),
    goneAt: nullable(timestamp),
    priceHistory: z.array(z.object({ at: timestamp, minMinor: z.int() })).describe("Lowest prices we observed"),
    priceLabel: z.enum(["low", "typical", "high", "unknown"]).describe("Judged from our own observations"),
    unknowns: z.array(z.string()).describe("What the source cannot tell us for this event"),
  })
  .meta({ id: "EventDetail" });

export const quotaResponse = z.record(z.string(), z.unknown()).describe("The admin quota report: per provider key, used vs limit, reset, circuit and cadence").meta({ id: "QuotaReport" });

export const healthResponse = z
  .object({ status: z.enum(["ok", "unavailable"]), database: z.enum(["ok", "unreachable"]), time: timestamp })
  .meta({ id: "Health" });

export const openApiResponse = z.record(z.string(), z.unknown()).describe("This document");
