/**
 * SeatGeek `/2` response schemas (providers.md 3.3 [SG-REAL-2020]). Tolerant on purpose: fields the API
 * has dropped or nulled over the years are optional, ids may arrive as numbers or strings, and `stats`
 * may be `{}` or all nulls since the 2024 withdrawal (providers.md 3.3 [SG-#167, SG-#191]).
 */
import { z } from "zod";

const id = z.union([z.number(), z.string().min(1)]);
const nullableString = z.string().nullish();
const nullableNumber = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]).nullish();

export const sgTaxonomy = z.object({
  id: id.nullish(),
  name: z.string(),
  parent_id: id.nullish(),
});
export type SgTaxonomy = z.infer<typeof sgTaxonomy>;

export const sgVenue = z.object({
  id,
  name: z.string(),
  city: nullableString,
  state: nullableString,
  country: nullableString,
  postal_code: nullableString,
  timezone: nullableString,
  location: z.object({ lat: nullableNumber, lon: nullableNumber }).nullish(),
  url: nullableString,
  slug: nullableString,
});
export type SgVenue = z.infer<typeof sgVenue>;

export const sgPerformer = z.object({
  id,
  name: z.string(),
  short_name: nullableString,
  slug: nullableString,
  type: nullableString,
  url: nullableString,
  image: nullableString,
  primary: z.boolean().nullish(),
  num_upcoming_events: z.number().nullish(),
  taxonomies: z.array(sgTaxonomy).nullish(),
});
export type SgPerformer = z.infer<typeof sgPerformer>;

/** Every stat is optional and nullable; `{}` is a valid (withdrawn) value. */
export const sgStats = z.object({
  listing_count: nullableNumber,
  average_price: nullableNumber,
  median_price: nullableNumber,
  lowest_price: nullableNumber,
  highest_price: nullableNumber,
});
export type SgStats = z.infer<typeof sgStats>;

export const sgEvent = z.object({
  id,
  title: z.string(),
  short_title: nullableString,
  url: nullableString,
  type: nullableString,
  status: nullableString,
  /** UTC without `Z` (providers.md 3.3 [SG-REAL-2020]). */
  datetime_utc: nullableString,
  /** Venue-local wall time without offset. */
  datetime_local: nullableString,
  datetime_tbd: z.boolean().nullish(),
  date_tbd: z.boolean().nullish(),
  time_tbd: z.boolean().nullish(),
  announce_date: nullableString,
  visible_until_utc: nullableString,
  taxonomies: z.array(sgTaxonomy).nullish(),
  performers: z.array(sgPerformer).nullish(),
  venue: sgVenue.nullish(),
  stats: sgStats.nullish(),
  score: nullableNumber,
});
export type SgEvent = z.infer<typeof sgEvent>;

export const sgMeta = z.object({
  total: z.number().int().nonnegative(),
  page: z.number().int().nullish(),
  per_page: z.number().int().nullish(),
  took: z.number().nullish(),
  geolocation: z.unknown().optional(),
});
export type SgMeta = z.infer<typeof sgMeta>;

/** List envelopes are checked loosely; items are validated one by one so one odd record cannot sink a page. */
export const sgEventsEnvelope = z.object({ meta: sgMeta, events: z.array(z.unknown()) });
export const sgPerformersEnvelope = z.object({ meta: sgMeta, performers: z.array(z.unknown()) });
export const sgVenuesEnvelope = z.object({ meta: sgMeta, venues: z.array(z.unknown()) });

/** SeatGeek's JSON error bodies (`{"status":400,"message":…}`, the 403 client error), when present. */
export const sgErrorBody = z.object({
  message: z.string().nullish(),
  status: z.number().nullish(),
  errors: z.array(z.object({ code: z.number().nullish(), message: z.string().nullish() })).nullish(),
});
