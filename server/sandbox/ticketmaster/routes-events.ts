/**
 * `/discovery/v2/events` (search), `/events/{id}` (details, same object as in search results —
 * providers.md 7 item 14) and `/events/{id}/images`.
 */
import { buildNotFoundError, DiscoveryError } from "./error-bodies";
import { isEmptyByDefinition, matchesEvent, readEventFilters } from "./event-filters";
import { buildListEnvelope, buildSelfHref } from "./paging";
import { readPaging, readSort } from "./params";
import { serveEvent, type RouteContext } from "./route-context";
import { EVENT_SORTS, sortEvents } from "./sorting";
import type { TmEvent } from "./types";

export function searchEvents(context: RouteContext): unknown {
  const { params, options } = context;
  const sort = readSort(params, EVENT_SORTS, "relevance,desc");
  const filters = readEventFilters(params);
  const paging = readPaging(params, options);
  const matched = isEmptyByDefinition(filters)
    ? []
    : context.view.events.filter((event) => matchesEvent(event, filters, context.worldNow));
  const sorted = sortEvents(matched, sort, {
    keyword: filters.keyword,
    origin: filters.geo?.point,
    salt: context.salt,
    isTieOrderUnstable: options.isTieOrderUnstable,
  });
  const envelope = buildListEnvelope(sorted, paging, {
    path: context.path,
    params,
    embeddedKey: "events",
    maxTotalElements: options.maxTotalElements,
  });
  const pageEvents = envelope._embedded?.events as TmEvent[] | undefined;
  if (pageEvents) envelope._embedded = { events: pageEvents.map(serveEvent) };
  return envelope;
}

function findEvent(context: RouteContext, id: string): TmEvent {
  const event = context.view.eventsById.get(id);
  if (!event) throw new DiscoveryError(buildNotFoundError(id));
  return event;
}

export function getEventDetails(context: RouteContext, id: string): unknown {
  return serveEvent(findEvent(context, id));
}

export function getEventImages(context: RouteContext, id: string): unknown {
  const event = findEvent(context, id);
  return {
    type: "event",
    id: event.id,
    images: event.images ?? [],
    _links: { self: { href: buildSelfHref(context.path, context.params) } },
  };
}
