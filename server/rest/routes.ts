/**
 * The REST API v1, every route in one table: the handler dispatches from it, the OpenAPI document is built
 * from it, and tests enumerate it. Inputs are the services' own zod schemas, outputs their own results.
 */
import { z } from "zod";
import { pingDatabase } from "@/db/queries/health";
import { listAlerts, listAlertsInput } from "@/server/services/alerts";
import { eventIdInput, getEventDetail } from "@/server/services/event-detail";
import { searchEvents, searchEventsInput } from "@/server/services/events";
import { readQuotaReport } from "@/server/services/quota/report";
import type { AuthenticatedToken } from "@/server/services/tokens";
import { createWatchInput, updateWatchInput, watchIdInput } from "@/server/services/watches/input";
import * as watches from "@/server/services/watches/service";
import { buildOpenApiDocument } from "./openapi";
import * as responses from "./responses";
import type { RestRoute, RouteAccess, RouteInput } from "./types";

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

type RouteSpec<Caller, P, Q, B> = Omit<RestRoute, "handle" | "params" | "query" | "body" | "access"> & {
  params?: P;
  query?: Q;
  body?: B;
  handle(input: RouteInput<Caller, Parsed<P>, Parsed<Q>, Parsed<B>>): Promise<unknown>;
};

function publicRoute<P extends z.ZodObject | undefined = undefined, Q extends z.ZodObject | undefined = undefined>(spec: RouteSpec<null, P, Q, undefined>): RestRoute {
  return { ...spec, access: "public" } as RestRoute;
}

/** A route that needs a token: the handler runs only once the caller is known and allowed. */
function tokenRoute<P extends z.ZodObject | undefined = undefined, Q extends z.ZodObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  access: Exclude<RouteAccess, "public">,
  spec: RouteSpec<AuthenticatedToken, P, Q, B>,
): RestRoute {
  return { ...spec, access } as RestRoute;
}

/** `GET /events?type=` is the services' `segment`. */
const eventSearchQuery = searchEventsInput.omit({ segment: true }).extend({ type: searchEventsInput.shape.segment.describe("Event type (segment), e.g. Music or Sports") });

const HEALTH_TIMEOUT_MS = 2_000;

async function checkHealth(input: RouteInput<null, undefined, undefined, undefined>) {
  const reachable = await Promise.race([
    pingDatabase(input.deps.db).then(() => true, () => false),
    new Promise<boolean>((resolve) => setTimeout(resolve, HEALTH_TIMEOUT_MS, false).unref?.()),
  ]);
  const body = { status: reachable ? "ok" : "unavailable", database: reachable ? "ok" : "unreachable", time: input.now.toISOString() };
  return reachable ? body : Response.json(body, { status: 503, headers: { "Cache-Control": "no-store" } });
}

let openApiDocument: object | undefined;

export const restRoutes: RestRoute[] = [
  publicRoute({
    method: "GET",
    path: "/api/v1/health",
    operationId: "getHealth",
    tag: "Service",
    summary: "Liveness and database reachability",
    description: "No token needed. 200 when the process answers and the database replies within 2 s; 503 otherwise.",
    response: { status: 200, description: "Up, and the database answers", schema: responses.healthResponse },
    otherResponses: { 503: { description: "The database does not answer", schema: responses.healthResponse } },
    handle: checkHealth,
  }),
  publicRoute({
    method: "GET",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "Service",
    summary: "This API as an OpenAPI 3.1 document",
    response: { status: 200, description: "The OpenAPI document", schema: responses.openApiResponse },
    handle: async () => (openApiDocument ??= buildOpenApiDocument(restRoutes)),
  }),
  tokenRoute("read", {
    method: "GET",
    path: "/api/v1/watches",
    operationId: "listWatches",
    tag: "Watches",
    summary: "Your watches, newest first",
    response: { status: 200, description: "Your watches", schema: responses.watchListResponse },
    handle: async ({ deps, caller }) => ({ watches: await watches.listWatches(deps.db, caller.user) }),
  }),
  tokenRoute("write", {
    method: "POST",
    path: "/api/v1/watches",
    operationId: "createWatch",
    tag: "Watches",
    summary: "Create a watch",
    description: "Say what to watch (a team or artist, a venue, a keyword, or an event type in a place); the rest has defaults. Your plan limits how many watches you keep.",
    body: createWatchInput,
    response: { status: 201, description: "The new watch", schema: responses.watchResponse },
    handle: ({ deps, caller, body }) => watches.createWatch(deps.db, caller.user, body),
  }),
  tokenRoute("read", {
    method: "GET",
    path: "/api/v1/watches/{id}",
    operationId: "getWatch",
    tag: "Watches",
    summary: "One of your watches",
    resource: "Watch",
    params: watchIdInput,
    response: { status: 200, description: "The watch", schema: responses.watchResponse },
    handle: ({ deps, caller, params }) => watches.getWatch(deps.db, caller.user, params.id),
  }),
  tokenRoute("write", {
    method: "PATCH",
    path: "/api/v1/watches/{id}",
    operationId: "updateWatch",
    tag: "Watches",
    summary: "Change some fields of a watch",
    description: "Send only the fields that change; the merged watch is checked as a whole.",
    resource: "Watch",
    params: watchIdInput,
    body: updateWatchInput.shape.patch,
    response: { status: 200, description: "The watch as changed", schema: responses.watchResponse },
    handle: ({ deps, caller, params, body }) => watches.updateWatch(deps.db, caller.user, { id: params.id, patch: body }),
  }),
  tokenRoute("write", {
    method: "DELETE",
    path: "/api/v1/watches/{id}",
    operationId: "deleteWatch",
    tag: "Watches",
    summary: "Delete a watch",
    description: "The watch stops at once; it can be restored in the app for 7 days.",
    resource: "Watch",
    params: watchIdInput,
    response: { status: 200, description: "Deleted", schema: responses.deletedWatchResponse },
    handle: ({ deps, caller, params }) => watches.deleteWatch(deps.db, caller.user, params.id, deps.now?.()),
  }),
  tokenRoute("read", {
    method: "GET",
    path: "/api/v1/alerts",
    operationId: "listAlerts",
    tag: "Alerts",
    summary: "Your alerts, newest first",
    description: "Poll with `since` (the `createdAt` of the newest alert you have) for what is new.",
    query: listAlertsInput,
    response: { status: 200, description: "Alerts", schema: responses.alertListResponse },
    handle: async ({ deps, caller, query }) => ({ alerts: await listAlerts(deps.db, caller.user.id, query) }),
  }),
  tokenRoute("read", {
    method: "GET",
    path: "/api/v1/events",
    operationId: "searchEvents",
    tag: "Events",
    summary: "Search the stored event catalogue",
    query: eventSearchQuery,
    response: { status: 200, description: "Matching events, soonest first", schema: responses.eventListResponse },
    handle: ({ deps, query }) => {
      const { type, ...filters } = query;
      return searchEvents(deps.db, { ...filters, segment: type });
    },
  }),
  tokenRoute("read", {
    method: "GET",
    path: "/api/v1/events/{id}",
    operationId: "getEvent",
    tag: "Events",
    summary: "One event, with its price history",
    resource: "Event",
    params: eventIdInput,
    response: { status: 200, description: "The event", schema: responses.eventDetailResponse },
    handle: ({ deps, params }) => getEventDetail(deps.db, params.id, { hasSectionData: deps.source.hasSectionData }),
  }),
  tokenRoute("admin", {
    method: "GET",
    path: "/api/v1/quota",
    operationId: "getQuota",
    tag: "Admin",
    summary: "Provider quota and polling health (admins)",
    response: { status: 200, description: "The quota report", schema: responses.quotaResponse },
    handle: ({ deps }) => readQuotaReport(deps.db, deps.source, deps.now?.()),
  }),
];
