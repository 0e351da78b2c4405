/**
 * The planner: all active watches → the smallest set of canonical provider queries covering them
 * (DESIGN.md "The arithmetic": coalesce and batch). Pure; `now` only decides whether a window start is
 * still in the future.
 */
import type { EventQuery, ProviderId } from "@/server/providers/types";
import { hashString, stringifyCanonical } from "./hash";
import { measureFilterChars, packIds } from "./planner-packing";
import {
  coversArea,
  readWindow,
  routeWatch,
  TICKETMASTER_SEGMENT_IDS,
  toInstantWindow,
  widenWindows,
  type AreaRoute,
  type DateWindow,
} from "./planner-routes";
import type { CheckClass, PlannableWatch, PlannedQuery, PlannedQueryKind } from "./types";

/** Conservative URL length most proxies and gateways accept (the Ticketmaster adapter uses the same figure). */
export const DEFAULT_MAX_URL_LENGTH = 2000;
/**
 * Characters of a Discovery URL that are not our filters: origin and path (~60), apikey (~40), size, page,
 * sort and both date bounds at their longest (~150), with margin.
 */
export const DEFAULT_BASE_URL_LENGTH = 320;
/** Ids per request: many attractions' events must still page within one date window (providers.md 1.5). */
export const DEFAULT_MAX_IDS_PER_QUERY = 40;
/**
 * Venue ids per request. A venue lists many times an artist's events, and a poll reads at most 10 calls
 * (services/engine/poll.ts): in the multi-worker bench's world one 40-venue query listed 1,405 events and a
 * poll saw only the first 840, so its other events reached its watches first through the sweep, as
 * "announced" although long on sale. Ten venues of that world fit well inside one poll.
 */
export const DEFAULT_MAX_VENUE_IDS_PER_QUERY = 10;

export interface PlanOptions {
  now: Date;
  provider?: ProviderId;
  maxIdsPerQuery?: number;
  maxVenueIdsPerQuery?: number;
  maxUrlLength?: number;
  baseUrlLength?: number;
}

export interface PlanDiff {
  added: PlannedQuery[];
  removed: PlannedQuery[];
  changed: { key: string; query: PlannedQuery; addedWatchIds: string[]; removedWatchIds: string[] }[];
}

interface Member {
  watch: PlannableWatch;
  window: DateWindow;
}

interface Draft {
  kind: PlannedQueryKind;
  query: EventQuery;
  members: Member[];
}

const CHECK_RANK: Record<CheckClass, number> = { relaxed: 0, standard: 1, urgent: 2 };

/** Plans the canonical provider queries that cover every active watch; paused or expired watches plan nothing. */
export function planQueries(watches: readonly PlannableWatch[], options: PlanOptions): PlannedQuery[] {
  const provider = options.provider ?? "ticketmaster";
  // Watch dates are venue-local; a day of slack keeps a watch ending "today" somewhere west of UTC alive.
  const today = new Date(options.now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const byId = { attractions: new Map<string, Member[]>(), venues: new Map<string, Member[]>() };
  const byKeyword = new Map<string, Member[]>();
  const areas: { route: AreaRoute; member: Member }[] = [];

  for (const watch of watches) {
    if (watch.isPaused) continue;
    const window = readWindow(watch, today);
    const route = window && routeWatch(watch);
    if (!window || !route) continue;
    const member = { watch, window };
    if (route.kind === "attractions" || route.kind === "venues") {
      for (const id of route.ids) pushTo(byId[route.kind], id, member);
    } else if (route.kind === "keyword") {
      pushTo(byKeyword, `${route.keyword}\u0000${route.country ?? ""}`, member);
    } else {
      areas.push({ route, member });
    }
  }

  const drafts: Draft[] = [
    ...draftIdQueries("attractions", byId.attractions, options),
    ...draftIdQueries("venues", byId.venues, options),
    ...draftKeywordQueries(byKeyword, options.now),
    ...draftAreaQueries(areas, options.now),
  ];
  // Two routes can land on one identical query; they are served by one.
  const byKey = new Map<string, Draft>();
  for (const draft of drafts) {
    const key = computeQueryKey(provider, draft.kind, draft.query);
    const existing = byKey.get(key);
    if (existing) existing.members.push(...draft.members);
    else byKey.set(key, { ...draft, members: [...draft.members] });
  }
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, draft]) => buildPlan(key, provider, draft));
}

/** What changed between two plans, by key: queries to create, to drop, and whose watch links moved. */
export function diffPlans(previous: readonly PlannedQuery[], next: readonly PlannedQuery[]): PlanDiff {
  const before = new Map(previous.map((p) => [p.key, p]));
  const after = new Map(next.map((p) => [p.key, p]));
  const diff: PlanDiff = { added: [], removed: [], changed: [] };
  for (const [key, plan] of after) {
    const old = before.get(key);
    if (!old) {
      diff.added.push(plan);
      continue;
    }
    const oldIds = new Set(old.watchIds);
    const newIds = new Set(plan.watchIds);
    const addedWatchIds = plan.watchIds.filter((id) => !oldIds.has(id));
    const removedWatchIds = old.watchIds.filter((id) => !newIds.has(id));
    if (addedWatchIds.length > 0 || removedWatchIds.length > 0) diff.changed.push({ key, query: plan, addedWatchIds, removedWatchIds });
  }
  for (const [key, plan] of before) if (!after.has(key)) diff.removed.push(plan);
  return diff;
}

/** The stable key of a query: provider, kind and the normalized query, hashed. */
export function computeQueryKey(provider: ProviderId, kind: PlannedQueryKind, query: EventQuery): string {
  return `${provider}:${kind}:${hashString(stringifyCanonical({ provider, kind, query }))}`;
}

function draftIdQueries(kind: "attractions" | "venues", byId: Map<string, Member[]>, options: PlanOptions): Draft[] {
  if (byId.size === 0) return [];
  const base: EventQuery = { includeTba: true };
  const maxUrl = options.maxUrlLength ?? DEFAULT_MAX_URL_LENGTH;
  const baseUrl = options.baseUrlLength ?? DEFAULT_BASE_URL_LENGTH;
  const paramName = kind === "attractions" ? "&attractionId=" : "&venueId=";
  const limits = {
    maxIds: kind === "venues" ? (options.maxVenueIdsPerQuery ?? DEFAULT_MAX_VENUE_IDS_PER_QUERY) : (options.maxIdsPerQuery ?? DEFAULT_MAX_IDS_PER_QUERY),
    maxIdChars: maxUrl - baseUrl - measureFilterChars(base) - paramName.length,
  };
  const ids = [...byId.keys()].sort();
  return packIds(ids, limits).map((chunk) => {
    const members = uniqueMembers(chunk.flatMap((id) => byId.get(id) ?? []));
    const query: EventQuery = { [kind === "attractions" ? "attractionIds" : "venueIds"]: chunk, ...base };
    return { kind, query: withWindow(query, members, options.now), members };
  });
}

function draftKeywordQueries(byKeyword: Map<string, Member[]>, now: Date): Draft[] {
  // A keyword searched everywhere already finds what the same keyword in one country needs.
  const open = new Set([...byKeyword.keys()].filter((k) => k.endsWith("\u0000")).map((k) => k.slice(0, -1)));
  const groups = new Map<string, Member[]>();
  for (const [sig, members] of byKeyword) {
    const keyword = sig.slice(0, sig.indexOf("\u0000"));
    const target = open.has(keyword) ? `${keyword}\u0000` : sig;
    for (const m of members) pushTo(groups, target, m);
  }
  return [...groups].map(([sig, members]) => {
    const [keyword, country] = sig.split("\u0000") as [string, string];
    const query: EventQuery = country ? { keyword, countryCode: country } : { keyword };
    const unique = uniqueMembers(members);
    return { kind: "keyword" as const, query: withWindow(query, unique, now), members: unique };
  });
}

function draftAreaQueries(areas: { route: AreaRoute; member: Member }[], now: Date): Draft[] {
  const routes = new Map<string, { route: AreaRoute; members: Member[] }>();
  for (const { route, member } of areas) {
    const sig = stringifyCanonical({ ...route, place: { ...route.place, citySpelling: null } });
    const group = routes.get(sig);
    if (group) {
      group.members.push(member);
      // The spelling sent is the smallest among fans, so it does not depend on who saved first.
      if (route.place.citySpelling && group.route.place.citySpelling && route.place.citySpelling < group.route.place.citySpelling) {
        group.route = route;
      }
    } else routes.set(sig, { route, members: [member] });
  }
  const all = [...routes.values()];
  // Fold each route into a broadest route covering it; a route covered by nothing stands on its own.
  const roots = all.filter((g) => !all.some((other) => other !== g && coversArea(other.route, g.route) && !coversArea(g.route, other.route)));
  const folded = new Map<(typeof all)[number], Member[]>();
  for (const group of all) {
    const root = roots.find((r) => r === group) ?? roots.find((r) => coversArea(r.route, group.route)) ?? group;
    const list = folded.get(root) ?? [];
    list.push(...group.members);
    folded.set(root, list);
  }
  return [...folded].map(([root, members]) => {
    const unique = uniqueMembers(members);
    return { kind: "area" as const, query: withWindow(toAreaQuery(root.route), unique, now), members: unique };
  });
}

function toAreaQuery(route: AreaRoute): EventQuery {
  const query: EventQuery = {};
  if (route.place.country) query.countryCode = route.place.country;
  if (route.place.citySpelling) query.city = route.place.citySpelling;
  if (route.place.near) query.near = { ...route.place.near };
  // Discovery segment ids; the SeatGeek adapter translates the ones it knows (server/providers/seatgeek).
  const segmentId = route.segment ? TICKETMASTER_SEGMENT_IDS[route.segment] : undefined;
  if (segmentId) query.segmentId = segmentId;
  // Genres are free text on our side; classificationName matches any level by name (providers.md 1.3).
  if (route.genre) query.classificationName = route.genre;
  else if (route.segment && !segmentId) query.classificationName = route.segment;
  return query;
}

function withWindow(query: EventQuery, members: readonly Member[], now: Date): EventQuery {
  return { ...query, ...toInstantWindow(widenWindows(members.map((m) => m.window)), now) };
}

function buildPlan(key: string, provider: ProviderId, { kind, query, members }: Draft): PlannedQuery {
  const watchIds = [...new Set(members.map((m) => m.watch.id))].sort();
  const fans = new Set(members.map((m) => m.watch.userId ?? `watch:${m.watch.id}`));
  let checkClass: CheckClass = "relaxed";
  for (const m of members) {
    const cls = m.watch.checkClass ?? "standard";
    if (CHECK_RANK[cls] > CHECK_RANK[checkClass]) checkClass = cls;
  }
  return { key, provider, kind, query, watchIds, fanCount: fans.size, checkClass };
}

function uniqueMembers(members: readonly Member[]): Member[] {
  const seen = new Set<string>();
  return members.filter((m) => (seen.has(m.watch.id) ? false : (seen.add(m.watch.id), true)));
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
