/**
 * The fake's tunable behaviour. Defaults mirror the real Discovery API as observed; every limit names its
 * source so a reader can tell a documented number from an observed one.
 */

export type SpikeArrestMode = "smooth" | "window" | "off";

export interface SpikeArrestOptions {
  /**
   * `smooth`: Apigee SpikeArrest — a request is refused when it arrives sooner than `burst` intervals of
   * 1000/rate ms after the `burst`-th previous request of the key, refused requests included.
   * `window`: refuse when `windowLimit` requests were already accepted in the last 1000 ms.
   */
  mode: SpikeArrestMode;
  ratePerSecond: number;
  burst: number;
  windowLimit: number;
}

export interface TunableOptions {
  /** Keys the fake accepts. */
  keys: string[];
  dailyQuota: number;
  /** Length of a key's quota window, counted from its first call. */
  quotaWindowMs: number;
  spikeArrest: SpikeArrestOptions;
  /** `observed`: page*size = 1000 is served; `strict`: the documented `(page * size) < 1000`. */
  deepPaging: "observed" | "strict";
  /** Largest accepted `size`; anything above gets DIS1036. */
  maxPageSize: number;
  /** `totalElements` never reports more than this. */
  maxTotalElements: number;
  /** Offsets (page*size) from this value on get DIS1024. */
  resultsWindowOffset: number;
  /** The Discovery Feed is regenerated on this world-time period; between refreshes it is stale. */
  feedRefreshMs: number;
  /** Shuffle ties of non-id sorts per request, like the real API does across pages. */
  isTieOrderUnstable: boolean;
  /** Added before every Discovery response, in real ms. */
  latencyMs: number;
}

/** "The default quota is 5000 API calls per day" — providers.md 1.10, TM-DOC-V2. */
export const DEFAULT_DAILY_QUOTA = 5000;

/** Reset is 24 h after the window's first call, a rolling window — providers.md 1.10, PROBE-2026 §12. */
export const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

/** "rate limitation of 5 requests per second" — providers.md 1.10, TM-DOC-V2. */
export const DEFAULT_RATE_PER_SECOND = 5;

/** `maxBurstMessageCount=1.0` in the live 429 — providers.md 1.9/1.10, SPIKE-OBS. */
export const DEFAULT_BURST = 1;

/** Documented deep-paging ceiling "(page * size) < 1000" — providers.md 1.5, TM-DOC-V2. */
export const MAX_PAGING_DEPTH = 1000;

/**
 * Largest accepted `size`: the DIS1036 text says "less than 200" and 2017 rejected 200 itself
 * (providers.md 1.5, sdk-javascript#25); PROBE-2026 §5 saw 200 served — set 200 to mirror that.
 */
export const DEFAULT_MAX_PAGE_SIZE = 199;

/** Default `size` — providers.md 1.3, TM-SWAGGER-2018. */
export const DEFAULT_PAGE_SIZE = 20;

/** `totalElements = 10000` exactly on large searches — providers.md 1.5, PROBE-2026 §1 row 7. */
export const MAX_TOTAL_ELEMENTS = 10_000;

/** Offsets from 9,980 onwards give DIS1024 — providers.md 1.5, PROBE-2026 §1 row 7, §10. */
export const RESULTS_WINDOW_OFFSET = 9_980;

/** Hourly feed refresh, per a third-party summary (UNVERIFIED) — providers.md 1.12. */
export const FEED_REFRESH_MS = 60 * 60 * 1000;

/** Default radius for events and venues (50) and suggest (100), in `unit` — providers.md 1.3, TM-SWAGGER-2018. */
export const DEFAULT_RADIUS = 50;
export const DEFAULT_SUGGEST_RADIUS = 100;

/** Suggest returns 5 per entity type by default — providers.md 1.3, TM-SWAGGER-2018. */
export const DEFAULT_SUGGEST_SIZE = 5;

export const DEFAULT_KEY = "sandbox";

export function createDefaultOptions(keys: string[] = [DEFAULT_KEY]): TunableOptions {
  return {
    keys,
    dailyQuota: DEFAULT_DAILY_QUOTA,
    quotaWindowMs: QUOTA_WINDOW_MS,
    spikeArrest: {
      mode: "smooth",
      ratePerSecond: DEFAULT_RATE_PER_SECOND,
      burst: DEFAULT_BURST,
      windowLimit: DEFAULT_RATE_PER_SECOND,
    },
    deepPaging: "observed",
    maxPageSize: DEFAULT_MAX_PAGE_SIZE,
    maxTotalElements: MAX_TOTAL_ELEMENTS,
    resultsWindowOffset: RESULTS_WINDOW_OFFSET,
    feedRefreshMs: FEED_REFRESH_MS,
    isTieOrderUnstable: false,
    latencyMs: 0,
  };
}

export type OptionsPatch = Partial<Omit<TunableOptions, "spikeArrest">> & {
  spikeArrest?: Partial<SpikeArrestOptions>;
};

/** Applies a partial change; nested spike-arrest settings merge rather than replace. */
export function mergeOptions(current: TunableOptions, patch: OptionsPatch): TunableOptions {
  const { spikeArrest, ...rest } = patch;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...current, ...defined, spikeArrest: { ...current.spikeArrest, ...spikeArrest } };
}
