/**
 * What every Discovery route handler receives. Handlers are pure over this context: they return a body for
 * a 200 or throw a DiscoveryError.
 */
import type { TunableOptions } from "./options";
import type { TmEvent, TmLink } from "./types";
import type { WorldView } from "./world-state";

export interface RouteContext {
  /** The path as requested, `.json` suffix included, so links echo it. */
  path: string;
  params: URLSearchParams;
  view: WorldView;
  worldNow: number;
  options: TunableOptions;
  /** Differs per request; seeds `sort=random` and unstable ties. */
  salt: number;
}

/** Strips the optional `.json` suffix so routes match both spellings (providers.md 1.2). */
export function stripJsonSuffix(segment: string): string {
  return segment.endsWith(".json") ? segment.slice(0, -".json".length) : segment;
}

/** Adds the per-event `_links` the real API always sends (providers.md 1.7) when a world event lacks them. */
export function serveEvent(event: TmEvent): TmEvent {
  if (event._links) return event;
  const self: TmLink = { href: `/discovery/v2/events/${event.id}?locale=en-us` };
  const attractions = (event._embedded?.attractions ?? []).map((a) => ({ href: `/discovery/v2/attractions/${a.id}?locale=en-us` }));
  const venues = (event._embedded?.venues ?? []).map((v) => ({ href: `/discovery/v2/venues/${v.id}?locale=en-us` }));
  const links: NonNullable<TmEvent["_links"]> = { self };
  if (attractions.length > 0) links.attractions = attractions;
  if (venues.length > 0) links.venues = venues;
  return { ...event, _links: links };
}
