/**
 * Maps Discovery paths (providers.md 1.2, `.json` suffix optional) and the Discovery Feed paths to handlers.
 */
import { stripJsonSuffix, type RouteContext } from "./route-context";
import { getAttractionDetails, getVenueDetails, searchAttractions, searchVenues } from "./routes-catalog";
import { getClassificationDetails, getClassificationLevel, searchClassifications } from "./routes-classifications";
import { getEventDetails, getEventImages, searchEvents } from "./routes-events";
import { suggest } from "./routes-suggest";

export type DiscoveryRoute =
  | { kind: "api"; handle: (context: RouteContext) => unknown }
  | { kind: "feed" }
  | { kind: "feed-metadata" };

const API_PREFIX = "/discovery/v2/";
const FEED_PREFIX = "/discovery-feed/v2/";

const LIST_ROUTES: Record<string, (context: RouteContext) => unknown> = {
  events: searchEvents,
  attractions: searchAttractions,
  venues: searchVenues,
  classifications: searchClassifications,
  suggest,
};

const DETAIL_ROUTES: Record<string, (context: RouteContext, id: string) => unknown> = {
  events: getEventDetails,
  attractions: getAttractionDetails,
  venues: getVenueDetails,
  classifications: getClassificationDetails,
};

function splitSegments(rest: string): string[] | null {
  const raw = rest.split("/").filter((segment) => segment.length > 0);
  try {
    return raw.map((segment, index) => decodeURIComponent(index === raw.length - 1 ? stripJsonSuffix(segment) : segment));
  } catch {
    return null;
  }
}

export function resolveDiscoveryRoute(pathname: string): DiscoveryRoute | null {
  if (pathname.startsWith(FEED_PREFIX)) {
    const name = stripJsonSuffix(pathname.slice(FEED_PREFIX.length));
    if (name === "events") return { kind: "feed" };
    if (name === "metadata") return { kind: "feed-metadata" };
    return null;
  }
  if (!pathname.startsWith(API_PREFIX)) return null;
  const segments = splitSegments(pathname.slice(API_PREFIX.length));
  if (!segments || segments.length === 0) return null;
  const [resource, id, sub] = segments as [string, string | undefined, string | undefined];

  if (segments.length === 1) {
    const list = LIST_ROUTES[resource];
    return list ? { kind: "api", handle: list } : null;
  }
  if (segments.length === 2 && id !== undefined) {
    const detail = DETAIL_ROUTES[resource];
    return detail ? { kind: "api", handle: (context) => detail(context, id) } : null;
  }
  if (segments.length === 3 && id !== undefined && sub !== undefined) {
    if (resource === "events" && sub === "images") return { kind: "api", handle: (context) => getEventImages(context, id) };
    if (resource === "classifications" && ["segments", "genres", "subgenres"].includes(id)) {
      return { kind: "api", handle: (context) => getClassificationLevel(context, id, sub) };
    }
  }
  return null;
}
