import { z } from "zod";

/**
 * The watch as fans and API clients send it. One source of truth for tRPC, REST and the forms; cross-field
 * rules live in `refineWatch` so partial updates are checked on the merged result.
 */
export const ALERT_STAGES = ["announced", "sale-scheduled", "sale-reminder", "on-sale", "price", "status", "sections"] as const;
export const CHANNELS = ["in-app", "email", "push", "sms", "webhook"] as const;
export const SEGMENTS = ["Music", "Sports", "Arts & Theatre", "Film", "Miscellaneous"] as const;
export const DEFAULT_STAGES: (typeof ALERT_STAGES)[number][] = ["announced", "sale-scheduled", "sale-reminder", "on-sale", "price", "status"];

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const MAX_PRICE = 1_000_000;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters`)
    .transform((value) => (value === "" ? null : value))
    .nullish();

const ref = z.object({
  id: z.string().trim().min(1, "id is required").max(64, "id is too long"),
  name: z.string().trim().min(1, "name is required").max(200, "name is too long"),
});

const price = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .min(0, `${label} can't be negative`)
    .max(MAX_PRICE, `${label} can be at most ${MAX_PRICE.toLocaleString("en")}`)
    .refine((value) => Number.isInteger(Math.round(value * 100 * 1e6) / 1e6), `${label} has more than 2 decimals`)
    .nullish();

const rearm = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("once") }),
  z.object({ mode: z.literal("rearm-after"), hours: z.int().min(1).max(24 * 90) }),
  z.object({ mode: z.literal("new-low") }),
  z.object({ mode: z.literal("cooldown"), hours: z.int().min(1).max(24 * 30) }),
]);

const baseFields = z.object({
  name: z.string().trim().min(1, "Give the watch a name").max(120, "Name can be at most 120 characters"),
  attractions: z.array(ref).max(20, "At most 20 teams or artists per watch"),
  venues: z.array(ref).max(20, "At most 20 venues per watch"),
  keyword: optionalText(100, "Keyword"),
  city: optionalText(100, "City"),
  countryCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Country must be a two-letter code such as GB or US")
    .nullish(),
  latitude: z.number().min(-90, "Latitude must be between -90 and 90").max(90, "Latitude must be between -90 and 90").nullish(),
  longitude: z.number().min(-180, "Longitude must be between -180 and 180").max(180, "Longitude must be between -180 and 180").nullish(),
  radius: z.int("Radius must be a whole number").min(1, "Radius must be at least 1").max(500, "Radius can be at most 500").nullish(),
  radiusUnit: z.enum(["km", "miles"]).nullish(),
  segment: z.enum(SEGMENTS, { error: `Event type must be one of: ${SEGMENTS.join(", ")}` }).nullish(),
  genre: optionalText(60, "Genre"),
  dateFrom: z.iso.date("Start date must be a date like 2026-12-31").nullish(),
  dateTo: z.iso.date("End date must be a date like 2026-12-31").nullish(),
  weekdays: z.array(z.int().min(1, "Weekdays are 1 (Monday) to 7 (Sunday)").max(7, "Weekdays are 1 (Monday) to 7 (Sunday)")).max(7),
  maxPrice: price("Maximum price"),
  minPrice: price("Minimum price"),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => KNOWN_CURRENCIES.has(code), { error: (issue) => `Unknown currency "${String(issue.input)}"` })
    .nullish(),
  priceDropPercent: z.int("Price drop must be a whole percentage").min(1, "Price drop must be 1–99%").max(99, "Price drop must be 1–99%").nullish(),
  isNewLowOnly: z.boolean(),
  quantity: z.int("Quantity must be a whole number").min(1, "Quantity must be at least 1").max(20, "Quantity can be at most 20").nullish(),
  sections: z.array(z.string().trim().min(1).max(40, "A section name can be at most 40 characters")).max(20, "At most 20 sections"),
  stages: z.array(z.enum(ALERT_STAGES)).min(1, "Pick at least one thing to be alerted about"),
  rearm: rearm,
  channels: z.array(z.enum(CHANNELS)).min(1, "Pick at least one channel"),
  deliveryMode: z.enum(["instant", "digest"]),
  firstRun: z.enum(["existing", "changes"]),
});

/** The full watch with defaults, for creating. */
export const watchFields = baseFields.extend({
  attractions: baseFields.shape.attractions.default([]),
  venues: baseFields.shape.venues.default([]),
  weekdays: baseFields.shape.weekdays.default([]),
  isNewLowOnly: baseFields.shape.isNewLowOnly.default(false),
  sections: baseFields.shape.sections.default([]),
  stages: baseFields.shape.stages.default(DEFAULT_STAGES),
  rearm: baseFields.shape.rearm.default({ mode: "once" }),
  channels: baseFields.shape.channels.default(["in-app", "email"]),
  deliveryMode: baseFields.shape.deliveryMode.default("instant"),
  firstRun: baseFields.shape.firstRun.default("changes"),
});

type WatchFieldsOutput = z.output<typeof watchFields>;

/** Cross-field rules, each with the field it concerns. */
export function refineWatch(watch: WatchFieldsOutput, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (watch.dateFrom && watch.dateTo && watch.dateTo < watch.dateFrom) issue("dateTo", "The end date is before the start date");
  const hasPoint = watch.latitude != null && watch.longitude != null;
  if ((watch.latitude == null) !== (watch.longitude == null)) issue("latitude", "Give both latitude and longitude, or neither");
  if (watch.radius != null && !hasPoint) issue("radius", "A radius needs a point: give latitude and longitude");
  if (hasPoint && watch.radius == null) issue("radius", "Give a radius around the point");
  const hasPrice = watch.maxPrice != null || watch.minPrice != null;
  if (hasPrice && !watch.currency) issue("currency", "Choose a currency for the price");
  if (watch.maxPrice != null && watch.minPrice != null && watch.minPrice > watch.maxPrice) issue("minPrice", "The minimum price is above the maximum price");
  if (new Set(watch.weekdays).size !== watch.weekdays.length) issue("weekdays", "A weekday is listed twice");
  const hasPlace = Boolean(watch.city || watch.countryCode || hasPoint || watch.venues.length);
  const hasWhat = watch.attractions.length > 0 || watch.venues.length > 0 || Boolean(watch.keyword) || Boolean((watch.segment || watch.genre) && hasPlace);
  if (!hasWhat) issue("attractions", "Say what to watch: a team or artist, a venue, a keyword, or an event type in a place");
}

export const watchInput = watchFields.superRefine(refineWatch);
export type WatchInput = z.input<typeof watchInput>;
export type WatchValues = z.output<typeof watchInput>;

export const watchId = z.uuid("Not a watch id");
export const createWatchInput = watchInput;
/** A patch names only what changes; the service validates the merged watch with `watchInput`. */
export const updateWatchInput = z.object({ id: watchId, patch: baseFields.partial() });
export type UpdateWatchInput = z.infer<typeof updateWatchInput>;
export const watchIdInput = z.object({ id: watchId });
