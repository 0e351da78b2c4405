/**
 * Zod schemas of Discovery v2 JSON as it really arrives (providers.md 1.4–1.9), not as the Swagger promises:
 * nearly everything is optional, lat/long may be strings, `_embedded` disappears on empty results, and unknown
 * fields pass through. Lists are parsed item by item so one odd event never costs the whole page.
 */
import { z } from "zod";

const named = z.looseObject({ id: z.string().nullish(), name: z.string().nullish() });
/** Venue coordinates arrive as JSON strings despite the Swagger's number — providers.md 1.8 [REAL-2023]. */
const coordinate = z.union([z.string(), z.number()]).nullish();

export const tmClassification = z.looseObject({
  primary: z.boolean().nullish(),
  segment: named.nullish(),
  genre: named.nullish(),
  subGenre: named.nullish(),
  type: named.nullish(),
  subType: named.nullish(),
  family: z.boolean().nullish(),
});
export type TmClassification = z.infer<typeof tmClassification>;

export const tmImage = z.looseObject({
  ratio: z.string().nullish(),
  url: z.string(),
  width: z.number().nullish(),
  height: z.number().nullish(),
  fallback: z.boolean().nullish(),
});
export type TmImage = z.infer<typeof tmImage>;

export const tmVenue = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  url: z.string().nullish(),
  timezone: z.string().nullish(),
  city: z.looseObject({ name: z.string().nullish() }).nullish(),
  state: z.looseObject({ name: z.string().nullish(), stateCode: z.string().nullish() }).nullish(),
  country: z.looseObject({ name: z.string().nullish(), countryCode: z.string().nullish() }).nullish(),
  location: z.looseObject({ latitude: coordinate, longitude: coordinate }).nullish(),
  upcomingEvents: z.looseObject({ _total: z.number().nullish() }).nullish(),
});
export type TmVenue = z.infer<typeof tmVenue>;

export const tmAttraction = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  url: z.string().nullish(),
  images: z.array(tmImage).nullish(),
  classifications: z.array(tmClassification).nullish(),
  upcomingEvents: z.looseObject({ _total: z.number().nullish() }).nullish(),
});
export type TmAttraction = z.infer<typeof tmAttraction>;

const tmStart = z.looseObject({
  localDate: z.string().nullish(),
  localTime: z.string().nullish(),
  dateTime: z.string().nullish(),
  dateTBD: z.boolean().nullish(),
  dateTBA: z.boolean().nullish(),
  timeTBA: z.boolean().nullish(),
  noSpecificTime: z.boolean().nullish(),
});
export type TmStart = z.infer<typeof tmStart>;

const tmDates = z.looseObject({
  start: tmStart.nullish(),
  end: tmStart.nullish(),
  timezone: z.string().nullish(),
  status: z.looseObject({ code: z.string().nullish() }).nullish(),
  spanMultipleDays: z.boolean().nullish(),
  /** Postponed/rescheduled events (providers.md 1.4 [PROBE-2026 §8]); shape not documented, so accept both. */
  initialStartDate: z.union([z.string(), tmStart]).nullish(),
});

const tmSaleWindow = z.looseObject({
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
  startTBD: z.boolean().nullish(),
  startTBA: z.boolean().nullish(),
});

const tmPresale = tmSaleWindow.extend({
  name: z.string().nullish(),
  description: z.string().nullish(),
  url: z.string().nullish(),
});

const tmPriceRange = z.looseObject({
  type: z.string().nullish(),
  currency: z.string().nullish(),
  min: z.number().nullish(),
  max: z.number().nullish(),
});

export const tmEvent = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().nullish(),
  url: z.string().nullish(),
  test: z.boolean().nullish(),
  images: z.array(tmImage).nullish(),
  sales: z.looseObject({ public: tmSaleWindow.nullish(), presales: z.array(tmPresale).nullish() }).nullish(),
  dates: tmDates.nullish(),
  classifications: z.array(tmClassification).nullish(),
  priceRanges: z.array(tmPriceRange).nullish(),
  ticketLimit: z.looseObject({ info: z.string().nullish() }).nullish(),
  seatmap: z.looseObject({ staticUrl: z.string().nullish() }).nullish(),
  _embedded: z
    .looseObject({ venues: z.array(tmVenue).nullish(), attractions: z.array(tmAttraction).nullish() })
    .nullish(),
});
export type TmEvent = z.infer<typeof tmEvent>;

export const tmPageInfo = z.looseObject({
  size: z.number().nullish(),
  totalElements: z.number().nullish(),
  totalPages: z.number().nullish(),
  number: z.number().nullish(),
});

/** Any Discovery list envelope; items stay unknown until parsed one by one. */
const tmListEnvelope = z.looseObject({
  _embedded: z.record(z.string(), z.unknown()).nullish(),
  page: tmPageInfo.nullish(),
});

/** Apigee fault bodies: 401 invalid key, 429 quota or spike arrest — providers.md 1.9. */
export const tmFault = z.looseObject({
  fault: z.looseObject({
    faultstring: z.string().nullish(),
    detail: z.looseObject({ errorcode: z.string().nullish() }).nullish(),
  }),
});

/** Discovery `DIS*` error bodies (400, 404) — providers.md 1.9. */
export const tmErrors = z.looseObject({
  errors: z.array(z.looseObject({ code: z.string().nullish(), detail: z.string().nullish(), status: z.string().nullish() })),
});

export interface InvalidItem {
  kind: "event" | "attraction" | "venue";
  /** The item's id when it had a readable one. */
  id: string | null;
  message: string;
}

export interface ParsedList<T> {
  items: T[];
  invalid: InvalidItem[];
  totalElements: number;
  pageNumber: number;
  pageSize: number | null;
}

/** Parses one item, reporting instead of throwing when it does not match. */
export function parseItem<T>(schema: z.ZodType<T>, raw: unknown, kind: InvalidItem["kind"]): { item: T } | { invalid: InvalidItem } {
  const result = schema.safeParse(raw);
  if (result.success) return { item: result.data };
  const id = raw && typeof raw === "object" && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : null;
  const message = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
  return { invalid: { kind, id, message } };
}

/**
 * Parses a Discovery list response (`/events`, `/attractions`, `/venues`). Returns null when the envelope
 * itself is unusable; an empty result (no `_embedded`, providers.md 1.5 [PROBE-2026 §5]) is a valid empty list.
 */
export function parseList<T>(body: unknown, key: string, schema: z.ZodType<T>, kind: InvalidItem["kind"]): ParsedList<T> | null {
  const envelope = tmListEnvelope.safeParse(body);
  if (!envelope.success) return null;
  const rawItems = envelope.data._embedded?.[key];
  const list = Array.isArray(rawItems) ? rawItems : [];
  const items: T[] = [];
  const invalid: InvalidItem[] = [];
  for (const raw of list) {
    const parsed = parseItem(schema, raw, kind);
    if ("item" in parsed) items.push(parsed.item);
    else invalid.push(parsed.invalid);
  }
  const page = envelope.data.page;
  return {
    items,
    invalid,
    totalElements: page?.totalElements ?? list.length,
    pageNumber: page?.number ?? 0,
    pageSize: page?.size ?? null,
  };
}
