import { REQUEST_ID_HEADER } from "@/server/lib/request-id";
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "@/server/lib/text-guard";
import type { AuthenticatedToken } from "@/server/services/tokens";
import { authenticateBearer } from "./auth";
import { readJsonBody } from "./body";
import { errorResponse, fromServiceError, invalidInput, RestError } from "./errors";
import { readQuery } from "./query";
import { rateLimitHeaders } from "./rate-limit";
import { restRoutes } from "./routes";
import type { RestDeps, RestRoute } from "./types";

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  names: string[];
}

function compile(route: RestRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}/?$`), names };
}

function match(compiled: CompiledRoute[], method: string, path: string) {
  const candidates = compiled.flatMap((entry) => {
    const found = entry.pattern.exec(path);
    if (!found) return [];
    const values = found.slice(1).map((value) => {
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    });
    return [{ route: entry.route, params: Object.fromEntries(entry.names.map((name, i) => [name, values[i]])) }];
  });
  if (candidates.length === 0) throw new RestError("NOT_FOUND", `No endpoint ${path}; the list is at /api/v1/openapi.json`);
  const chosen = candidates.find((candidate) => candidate.route.method === method);
  if (!chosen) {
    const allowed = [...new Set(candidates.map((candidate) => candidate.route.method))].join(", ");
    throw new RestError("METHOD_NOT_ALLOWED", `${method} is not supported here; use ${allowed}`, { headers: { Allow: allowed } });
  }
  return chosen;
}

/** Who may call the route: the token, its rate limit, then its rights (in that order, so refusals count). */
async function admit(deps: RestDeps, route: RestRoute, request: Request, now: Date, headers: Record<string, string>): Promise<AuthenticatedToken | null> {
  if (route.access === "public") return null;
  const caller = await authenticateBearer(deps.db, request.headers, now, deps.tokenCache);
  const decision = await deps.rateLimiter.consume(caller.tokenId, now);
  Object.assign(headers, rateLimitHeaders(decision));
  if (!decision.isAllowed) throw new RestError("TOO_MANY_REQUESTS", `This token made more than ${decision.limit} requests in the current window; retry in ${decision.retryAfterSeconds} s`);
  if (route.access === "write" && caller.isReadOnly) throw new RestError("FORBIDDEN", "This token is read-only; use a read-write token to make changes");
  if (route.access === "admin" && caller.user.role !== "admin") throw new RestError("FORBIDDEN", "Admins only");
  return caller;
}

/** Text PostgreSQL cannot store (NUL, unpaired surrogates) is a 400 naming the field, not a failed query's 500. */
function refuseUnstorableText<T>(value: T): T {
  const path = findUnstorableText(value);
  if (path) throw new RestError("BAD_REQUEST", path.length ? `${path.join(".")}: ${UNSTORABLE_TEXT_MESSAGE}` : UNSTORABLE_TEXT_MESSAGE, { issues: [{ path, message: UNSTORABLE_TEXT_MESSAGE }] });
  return value;
}

async function parseInputs(route: RestRoute, request: Request, url: URL, rawParams: Record<string, string | undefined>) {
  let params: unknown;
  if (route.params) {
    const parsed = route.params.safeParse(rawParams);
    // A malformed id names nothing: answered as any unknown id is.
    if (!parsed.success) throw new RestError("NOT_FOUND", `${route.resource ?? "Resource"} not found`);
    params = parsed.data;
  }
  let query: unknown;
  if (route.query) {
    const parsed = route.query.safeParse(refuseUnstorableText(readQuery(url, route.query)));
    if (!parsed.success) throw invalidInput(parsed.error, "query");
    query = parsed.data;
  } else if ([...url.searchParams.keys()].length > 0) {
    throw new RestError("BAD_REQUEST", "This endpoint takes no query parameters");
  }
  let body: unknown;
  if (route.body) {
    const parsed = route.body.safeParse(refuseUnstorableText(await readJsonBody(request)));
    if (!parsed.success) throw invalidInput(parsed.error, "body");
    body = parsed.data;
  }
  return { params, query, body };
}

/**
 * The REST API v1 as one `Request → Response` function over the route table. Every answer is JSON; errors
 * have the shape `{ error: { code, message, issues? } }`; nothing unexpected leaks past a 500.
 */
export function createRestApi(deps: RestDeps) {
  const compiled = restRoutes.map(compile);

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    try {
      const now = deps.now?.() ?? new Date();
      const { route, params: rawParams } = match(compiled, request.method.toUpperCase(), url.pathname);
      const caller = await admit(deps, route, request, now, headers);
      const inputs = await parseInputs(route, request, url, rawParams);
      const result = await route.handle({ deps, caller, ...inputs, now });
      if (result instanceof Response) return result;
      return Response.json(result, { status: route.response.status, headers });
    } catch (error) {
      const known = fromServiceError(error);
      if (known) return errorResponse(known, headers);
      deps.logError?.(error, { method: request.method, path: url.pathname, requestId: request.headers.get(REQUEST_ID_HEADER) });
      return errorResponse(new RestError("INTERNAL_SERVER_ERROR", "Something went wrong on our side; try again shortly"), headers);
    }
  }

  return { handle, routes: restRoutes };
}

export type RestApi = ReturnType<typeof createRestApi>;
