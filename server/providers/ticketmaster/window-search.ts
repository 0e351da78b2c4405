/**
 * Collects every result of a Discovery search despite the deep-paging limit: a window whose total exceeds
 * what paging can reach (or hits the 10,000 cap) is split into two halves by start date, recursively, until
 * each half fits — providers.md 6 "Partition by date window so each query has ≤ 1000 results". Pure logic
 * over an injected page fetcher, so it is unit-tested without HTTP.
 */

/** An inclusive range of event start instants, in whole seconds (Discovery dates have no millis). */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

export interface FetchedPage<T> {
  items: T[];
  totalElements: number;
}

/** Fetches page `page` of the search restricted to `window` (null: the query's own dates, or none). */
export type FetchPage<T> = (window: TimeWindow | null, page: number) => Promise<FetchedPage<T>>;

export interface WindowSearchOptions {
  pageSize: number;
  /** Offsets page*size must stay below this (documented `<`, the strict reading). */
  pagingDepth: number;
  /** A reported total this large means "at least", i.e. truncated. */
  totalCap: number;
  /** Upper bound on calls for the whole search; when reached the result is marked truncated. */
  maxCalls: number;
  /** The query's own window, or null when it has no dates. */
  window: TimeWindow | null;
  /** Window to split when a query without dates turns out too big. */
  fallbackWindow: TimeWindow;
}

export interface WindowSearchResult<T> {
  items: T[];
  total: number;
  isTruncated: boolean;
  calls: number;
  /** The windows whose pages were read, in order (for diagnostics and tests). */
  leafWindows: (TimeWindow | null)[];
}

const SECOND = 1000;

/** Halves a window on a whole second; the halves share the boundary second so no event falls between them. */
export function splitWindow(window: TimeWindow): [TimeWindow, TimeWindow] | null {
  const span = window.toMs - window.fromMs;
  if (span < 2 * SECOND) return null;
  const mid = window.fromMs + Math.floor(span / 2 / SECOND) * SECOND;
  return [
    { fromMs: window.fromMs, toMs: mid },
    { fromMs: mid, toMs: window.toMs },
  ];
}

/** Whether every result of a window with `total` results is reachable by paging. */
export function isReachable(total: number, options: Pick<WindowSearchOptions, "pagingDepth" | "totalCap">): boolean {
  return total < options.totalCap && total <= options.pagingDepth;
}

/** Runs the search, splitting windows as needed; items are deduplicated by `idOf`, first occurrence kept. */
export async function searchByDateWindows<T>(
  fetchPage: FetchPage<T>,
  idOf: (item: T) => string,
  options: WindowSearchOptions,
): Promise<WindowSearchResult<T>> {
  const seen = new Map<string, T>();
  const leafWindows: (TimeWindow | null)[] = [];
  let calls = 0;
  let isTruncated = false;
  let leafTotal = 0;

  const fetchCounted = async (window: TimeWindow | null, page: number) => {
    calls++;
    const result = await fetchPage(window, page);
    for (const item of result.items) if (!seen.has(idOf(item))) seen.set(idOf(item), item);
    return result;
  };

  const readRemainingPages = async (window: TimeWindow | null, total: number) => {
    leafWindows.push(window);
    leafTotal += Math.min(total, options.totalCap);
    for (let page = 1; page * options.pageSize < Math.min(total, options.pagingDepth); page++) {
      if (calls >= options.maxCalls) {
        isTruncated = true;
        return;
      }
      const result = await fetchCounted(window, page);
      if (result.items.length === 0) return;
    }
    if (!isReachable(total, options)) isTruncated = true;
  };

  const collect = async (window: TimeWindow, first?: FetchedPage<T>): Promise<void> => {
    if (!first && calls >= options.maxCalls) {
      isTruncated = true;
      return;
    }
    const head = first ?? (await fetchCounted(window, 0));
    if (isReachable(head.totalElements, options)) return readRemainingPages(window, head.totalElements);
    const halves = splitWindow(window);
    // Splitting costs at least two calls; without them, keep what paging can reach and say so.
    if (!halves || calls + 2 > options.maxCalls) return readRemainingPages(window, head.totalElements);
    await collect(halves[0]);
    await collect(halves[1]);
  };

  const root = await fetchCounted(options.window, 0);
  const rootTotal = root.totalElements;
  if (options.window) {
    await collect(options.window, root);
  } else if (isReachable(rootTotal, options)) {
    await readRemainingPages(null, rootTotal);
  } else {
    await collect(options.fallbackWindow);
    // Results outside the fallback window (e.g. undated events) could not be collected.
    if (rootTotal < options.totalCap && leafTotal < rootTotal) isTruncated = true;
  }

  const items = [...seen.values()];
  return {
    items,
    total: isTruncated ? Math.max(rootTotal, leafTotal, items.length) : items.length,
    isTruncated,
    calls,
    leafWindows,
  };
}
