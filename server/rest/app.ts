import "server-only";
import { getAppContext } from "@/server/app-context";
import { createSessionCache } from "@/server/auth/session-cache";
import { log } from "@/server/lib/log";
import { errorResponse, RestError } from "./errors";
import { createRestApi, type RestApi } from "./handler";
import { createTokenRateLimiter } from "./rate-limit";

const globalForRest = globalThis as unknown as { seatwatchRestApi?: Promise<RestApi> };

/** The REST API wired to this process's database, event source and the PostgreSQL per-token limit. */
function getRestApi(): Promise<RestApi> {
  globalForRest.seatwatchRestApi ??= getAppContext()
    .then((app) =>
      createRestApi({
        db: app.database.db,
        source: app.events,
        rateLimiter: createTokenRateLimiter(app.database.db),
        tokenCache: createSessionCache(),
        logError: (error, request) => log.error({ requestId: request.requestId, method: request.method, path: request.path, err: error }, "REST request failed"),
      }),
    )
    .catch((error: unknown) => {
      globalForRest.seatwatchRestApi = undefined;
      throw error;
    });
  return globalForRest.seatwatchRestApi;
}

/** Serves one /api/v1 request; when the app cannot even start (database down), health says so and the rest 500. */
export async function handleRestRequest(request: Request): Promise<Response> {
  let api: RestApi;
  try {
    api = await getRestApi();
  } catch (error) {
    log.error({ err: error }, "REST API unavailable: the app context did not start");
    if (new URL(request.url).pathname === "/api/v1/health") {
      return Response.json({ status: "unavailable", database: "unreachable", time: new Date().toISOString() }, { status: 503, headers: { "Cache-Control": "no-store" } });
    }
    return errorResponse(new RestError("INTERNAL_SERVER_ERROR", "The service is starting or unavailable; try again shortly"));
  }
  return api.handle(request);
}
