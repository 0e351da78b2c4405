/**
 * The notification routes served over real HTTP on 127.0.0.1, as Next serves app/api/notifications/*: the
 * vendor fakes (Twilio's inbound and status webhooks) and test clients reach them by URL.
 */
import { createServer } from "node:http";
import type { Database } from "@/db/client";
import { createNotificationRoutes, type NotificationRoutes } from "@/server/services/delivery/routes";
import { closeServer, listen } from "@/server/sandbox/http-util";
import { LINKS, TEST_POLICY } from "./delivery-fixtures";

type Handler = (request: Request) => Promise<Response>;

function routeTable(routes: NotificationRoutes): Record<string, Partial<Record<string, Handler>>> {
  return {
    "/api/notifications/twilio/inbound": { POST: routes.twilioInbound },
    "/api/notifications/twilio/status": { POST: routes.twilioStatus },
    "/api/notifications/push/subscribe": { POST: routes.pushSubscribe, DELETE: routes.pushUnsubscribe },
    "/api/notifications/push-opened": { POST: routes.pushOpened },
    "/api/notifications/unsubscribe": { POST: routes.unsubscribe, GET: routes.unsubscribePage },
    "/api/notifications/vapid-public-key": { GET: () => routes.vapidPublicKey() },
  };
}

export interface ServedRoutes {
  url: string;
  /** Requests answered, in order (path and status). */
  log: { path: string; status: number }[];
  close(): Promise<void>;
}

/** Starts a server on a free port; `makeRoutes` gets its URL (the public origin Twilio signs). */
export async function serveNotificationRoutes(makeRoutes: (url: string) => NotificationRoutes): Promise<ServedRoutes> {
  const server = createServer();
  const url = await listen(server, 0, "127.0.0.1");
  const table = routeTable(makeRoutes(url));
  const log: ServedRoutes["log"] = [];
  server.on("request", (req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = new Request(`${url}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length && req.method !== "GET" ? Buffer.concat(chunks) : undefined });
      const path = new URL(request.url).pathname;
      const handler = table[path]?.[req.method ?? "GET"];
      const response = handler ? await handler(request) : new Response("not found", { status: 404 });
      log.push({ path, status: response.status });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(error instanceof Error ? error.stack : String(error));
    });
  });
  return { url, log, close: () => closeServer(server) };
}

/** The routes on the test database with the fixtures' links; Twilio webhooks checked against `twilioAuthToken`. */
export function serveTestNotificationRoutes(
  database: Database,
  options: { twilioAuthToken: string | null; vapidPublicKey?: string | null; getUserId?: () => string | null; now?: () => Date },
): Promise<ServedRoutes> {
  return serveNotificationRoutes((url) =>
    createNotificationRoutes({
      db: database.db,
      runtime: { twilioAuthToken: options.twilioAuthToken, appUrl: url, links: LINKS, vapidPublicKey: options.vapidPublicKey ?? null },
      getUserId: async () => options.getUserId?.() ?? null,
      outboundPolicy: TEST_POLICY,
      now: options.now,
    }),
  );
}
