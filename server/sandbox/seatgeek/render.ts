/**
 * World records → SeatGeek `/2` JSON, following the real 2020 `/2/events` response (providers.md 3.3
 * [SG-REAL-2020]): integer ids, UTC dates without `Z`, nullable `state`, numeric `location`.
 */
import { convertLocalToInstant, formatSeatGeekUtc } from "./local-time";
import {
  resolveTaxonomyChain,
  type SgWorld,
  type SgWorldEvent,
  type SgWorldPerformer,
  type SgWorldStats,
  type SgWorldTaxonomy,
  type SgWorldVenue,
} from "./world";

export type WithdrawnStatsShape = "empty" | "nulls" | "mixed";

export interface RenderOptions {
  /** Since May 2024 SeatGeek returns stats empty or as nulls (providers.md 3.3 [SG-#167, SG-#191]). */
  isStatsWithdrawn: boolean;
  /** `mixed`: even ids get `{}`, odd ids get all-null stats, so clients meet both shapes. */
  withdrawnStatsShape: WithdrawnStatsShape;
}

type Json = Record<string, unknown>;

const seatGeekHost = "https://seatgeek.com";

/** A `time_tbd` event carries a placeholder wall time on SeatGeek; 03:30 local is the one used. */
const tbdWallTime = "03:30:00";

export function computeEventInstant(event: SgWorldEvent, venue: SgWorldVenue | undefined): Date {
  const local = event.timeTbd ? `${event.datetimeLocal.slice(0, 10)}T${tbdWallTime}` : event.datetimeLocal;
  return convertLocalToInstant(local, venue?.timezone ?? "UTC");
}

export function renderTaxonomy(taxonomy: SgWorldTaxonomy, rank: number): Json {
  return { id: taxonomy.id, name: taxonomy.name, parent_id: taxonomy.parentId, document_source: { source_type: "ELASTIC", generation_type: "FULL" }, rank };
}

export function renderVenue(venue: SgWorldVenue, upcomingEvents: number): Json {
  const region = venue.state ?? venue.country;
  return {
    state: venue.state,
    name_v2: venue.name,
    postal_code: venue.postalCode,
    name: venue.name,
    links: [],
    timezone: venue.timezone,
    url: `${seatGeekHost}/venues/${venue.slug}/tickets`,
    score: venue.score ?? 0.5,
    location: { lat: venue.lat, lon: venue.lon },
    address: venue.address,
    country: venue.country,
    has_upcoming_events: upcomingEvents > 0,
    num_upcoming_events: upcomingEvents,
    city: venue.city,
    slug: venue.slug,
    extended_address: `${venue.city}, ${region} ${venue.postalCode}`,
    id: venue.id,
    popularity: 0,
    access_method: null,
    metro_code: 0,
    capacity: venue.capacity,
    display_location: `${venue.city}, ${region}`,
  };
}

export function renderPerformer(
  world: SgWorld,
  performer: SgWorldPerformer,
  upcomingEvents: number,
  isPrimary: boolean | null,
): Json {
  const image = performer.image === undefined ? `https://seatgeek.com/images/performers-landscape/${performer.slug}.jpg` : performer.image;
  const rendered: Json = {
    type: performer.type,
    name: performer.name,
    image,
    id: performer.id,
    images: image ? { huge: image } : {},
    divisions: null,
    has_upcoming_events: upcomingEvents > 0,
    stats: { event_count: upcomingEvents },
    taxonomies: resolveTaxonomyChain(world, performer.taxonomyIds).map((taxonomy, index) => renderTaxonomy(taxonomy, index)),
    image_attribution: null,
    url: `${seatGeekHost}/${performer.slug}-tickets`,
    score: performer.score ?? 0.5,
    slug: performer.slug,
    home_venue_id: null,
    short_name: performer.shortName,
    num_upcoming_events: upcomingEvents,
    colors: null,
    image_license: null,
    popularity: 0,
    location: null,
    genres: [],
  };
  // `primary` only appears on performers embedded in an event.
  if (isPrimary !== null) rendered.primary = isPrimary;
  return rendered;
}

export function renderStats(event: SgWorldEvent, options: RenderOptions): Json {
  if (options.isStatsWithdrawn) {
    const shape = options.withdrawnStatsShape === "mixed" ? (event.id % 2 === 0 ? "empty" : "nulls") : options.withdrawnStatsShape;
    return shape === "empty" ? {} : renderStatValues({ listingCount: null, lowestPrice: null, highestPrice: null, averagePrice: null, medianPrice: null });
  }
  return renderStatValues(event.stats);
}

function renderStatValues(stats: SgWorldStats): Json {
  return {
    listing_count: stats.listingCount,
    average_price: stats.averagePrice,
    lowest_price_good_deals: stats.lowestPrice,
    lowest_price: stats.lowestPrice,
    highest_price: stats.highestPrice,
    visible_listing_count: stats.listingCount,
    dq_bucket_counts: stats.listingCount === null ? null : [0, 0, 0, 0, 0, 0, 0, 0],
    median_price: stats.medianPrice,
    lowest_sg_base_price: stats.lowestPrice,
    lowest_sg_base_price_good_deals: stats.lowestPrice,
  };
}

export interface RenderContext {
  world: SgWorld;
  venues: Map<number, SgWorldVenue>;
  performers: Map<number, SgWorldPerformer>;
  upcomingByVenue: Map<number, number>;
  upcomingByPerformer: Map<number, number>;
  options: RenderOptions;
}

export function renderEvent(event: SgWorldEvent, context: RenderContext): Json {
  const venue = context.venues.get(event.venueId);
  const instant = computeEventInstant(event, venue);
  const taxonomies = resolveTaxonomyChain(context.world, event.taxonomyIds);
  const leaf = taxonomies.at(-1)?.name ?? "event";
  const datetimeLocal = event.timeTbd ? `${event.datetimeLocal.slice(0, 10)}T${tbdWallTime}` : event.datetimeLocal;
  const slug = event.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const performers = event.performerIds
    .map((id, index) => {
      const performer = context.performers.get(id);
      return performer ? renderPerformer(context.world, performer, context.upcomingByPerformer.get(id) ?? 0, index === 0) : null;
    })
    .filter((performer): performer is Json => performer !== null);
  return {
    type: leaf,
    id: event.id,
    datetime_utc: formatSeatGeekUtc(instant),
    venue: venue ? renderVenue(venue, context.upcomingByVenue.get(venue.id) ?? 0) : null,
    datetime_tbd: Boolean(event.dateTbd),
    performers,
    is_open: false,
    links: [],
    datetime_local: datetimeLocal,
    time_tbd: Boolean(event.timeTbd),
    short_title: event.shortTitle ?? event.title,
    visible_until_utc: formatSeatGeekUtc(new Date(instant.getTime() + 4 * 3_600_000)),
    stats: renderStats(event, context.options),
    taxonomies: taxonomies.map((taxonomy, index) => renderTaxonomy(taxonomy, index)),
    url: `${seatGeekHost}/${slug}-tickets/${event.datetimeLocal.slice(0, 10)}-${slugOf(venue)}/${leaf}/${event.id}`,
    score: event.score ?? 0.5,
    announce_date: event.announceDate ?? "2020-01-01T00:00:00",
    created_at: event.announceDate ?? "2020-01-01T00:00:00",
    date_tbd: Boolean(event.dateTbd),
    title: event.title,
    popularity: event.score ?? 0.5,
    description: "",
    status: event.status ?? "normal",
    access_method: null,
    event_promotion: null,
    announcements: {},
    conditional: false,
    enddatetime_utc: null,
    themes: [],
    domain_information: [],
  };
}

function slugOf(venue: SgWorldVenue | undefined): string {
  return venue ? `${venue.city.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${venue.slug}` : "tba";
}
