/**
 * The HAL list envelope (providers.md 1.5, 1.7): `_embedded` only when the page has items, `page` counted
 * from 0 with `totalElements` capped, and `_links` whose relative hrefs echo the request without `apikey`.
 */
import type { Paging } from "./params";
import type { TmLink } from "./types";

export interface ListEnvelope {
  _embedded?: Record<string, unknown[]>;
  _links: Record<string, TmLink>;
  page: { size: number; totalElements: number; totalPages: number; number: number };
}

/** Echoes the request's own parameters (minus apikey, page, size) and appends the page and size. */
export function buildHref(path: string, params: URLSearchParams, page: number, size: number): string {
  const echoed = new URLSearchParams();
  for (const [name, value] of params) {
    if (name !== "apikey" && name !== "page" && name !== "size") echoed.append(name, value);
  }
  echoed.append("page", String(page));
  echoed.append("size", String(size));
  return `${path}?${formatQuery(echoed)}`;
}

/** Commas stay readable (`sort=date,asc`), as in recorded hrefs. */
function formatQuery(params: URLSearchParams): string {
  return params.toString().replace(/%2C/gi, ",");
}

/** The self link of a request without paging (details, suggest). */
export function buildSelfHref(path: string, params: URLSearchParams): string {
  const echoed = new URLSearchParams([...params].filter(([name]) => name !== "apikey"));
  const query = formatQuery(echoed);
  return query ? `${path}?${query}` : path;
}

/**
 * Slices `items` into the requested page. `next`, `prev`, `first` and `last` are omitted where they do not
 * apply; `last` may point past the deep-paging limit, as in the real API.
 */
export function buildListEnvelope<T>(
  items: readonly T[],
  paging: Paging,
  request: { path: string; params: URLSearchParams; embeddedKey: string; maxTotalElements: number },
): ListEnvelope {
  const totalElements = Math.min(items.length, request.maxTotalElements);
  const totalPages = Math.ceil(totalElements / paging.size);
  const offset = paging.page * paging.size;
  const pageItems = offset < totalElements ? items.slice(offset, Math.min(offset + paging.size, totalElements)) : [];
  const link = (page: number): TmLink => ({ href: buildHref(request.path, request.params, page, paging.size) });

  const links: Record<string, TmLink> = {};
  if (totalPages > 0) links.first = link(0);
  if (paging.page > 0 && totalPages > 0) links.prev = link(Math.min(paging.page - 1, totalPages - 1));
  links.self = link(paging.page);
  if (paging.page < totalPages - 1) links.next = link(paging.page + 1);
  if (totalPages > 0) links.last = link(totalPages - 1);

  const envelope: ListEnvelope = {
    _links: links,
    page: { size: paging.size, totalElements, totalPages, number: paging.page },
  };
  if (pageItems.length > 0) {
    return { _embedded: { [request.embeddedKey]: pageItems }, ...envelope };
  }
  return envelope;
}
