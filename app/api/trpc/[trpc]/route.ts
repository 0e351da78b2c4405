import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createRequestContext } from "@/server/api/context";
import { log } from "@/server/lib/log";
import { REQUEST_ID_HEADER } from "@/server/lib/request-id";

export const dynamic = "force-dynamic";

function handle(request: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createRequestContext(request.headers),
    onError({ error, path, type, input }) {
      if (error.code !== "INTERNAL_SERVER_ERROR") return;
      log.error({ requestId: request.headers.get(REQUEST_ID_HEADER), procedure: path, type, input, err: error.cause ?? error }, "tRPC procedure failed");
    },
  });
}

export { handle as GET, handle as POST };
