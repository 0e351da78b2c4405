/**
 * The notification HTTP endpoints as plain `Request → Response` functions; the files under
 * app/api/notifications/ only wire them to the app context, and tests serve them over real HTTP.
 */
import type { Db } from "@/db";
import type { OutboundPolicy } from "@/server/notifications/guarded-http";
import { TWILIO_STATUS_PATH } from "@/server/notifications/twilio-status";
import { ServiceError } from "../errors";
import { subscribePush, unsubscribePush } from "./devices";
import { pushOpenedInput, recordPushOpened } from "./escalation";
import { handleTwilioInbound, handleTwilioStatus, unsubscribeWithToken } from "./inbound";
import type { DeliveryRuntime } from "./runtime";

export interface NotificationRouteDeps {
  db: Db;
  runtime: Pick<DeliveryRuntime, "twilioAuthToken" | "appUrl" | "links" | "vapidPublicKey">;
  /** The signed-in fan of a request (Better Auth session cookie), or null. */
  getUserId(request: Request): Promise<string | null>;
  /** Tests only (push endpoints of a local fake). */
  outboundPolicy?: OutboundPolicy;
  now?: () => Date;
}

const TWILIO_INBOUND_PATH = "/api/notifications/twilio/inbound";

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

/** Session-authenticated JSON endpoints only accept JSON, which a cross-site form cannot send. */
async function readJson(request: Request): Promise<unknown> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) throw new ServiceError("BAD_REQUEST", "Send JSON (Content-Type: application/json)");
  try {
    return await request.json();
  } catch {
    throw new ServiceError("BAD_REQUEST", "The body is not valid JSON");
  }
}

async function guard(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof ServiceError) {
      const status = { BAD_REQUEST: 400, NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, TOO_MANY_REQUESTS: 429 }[error.code];
      return json(status, { error: error.message });
    }
    throw error;
  }
}

export function createNotificationRoutes(deps: NotificationRouteDeps) {
  const now = () => deps.now?.() ?? new Date();
  const signedOut = () => json(401, { error: "Sign in to manage push notifications" });

  async function twilioWebhook(request: Request, path: string, handle: typeof handleTwilioInbound): Promise<Response> {
    if (!deps.runtime.twilioAuthToken) return new Response("SMS is not configured", { status: 404 });
    // Twilio signs the public URL it called, so rebuild it from our public origin, not the Host header.
    const url = `${deps.runtime.appUrl.replace(/\/+$/, "")}${path}${new URL(request.url).search}`;
    const result = await handle(deps.db, { authToken: deps.runtime.twilioAuthToken, url, signature: request.headers.get("x-twilio-signature"), rawBody: await request.text(), now: now() });
    return new Response(result.status === 204 ? null : result.body, { status: result.status, headers: { "Content-Type": result.contentType } });
  }

  return {
    /** POST /api/notifications/twilio/inbound — STOP/START replies, signed by Twilio. */
    twilioInbound: (request: Request) => twilioWebhook(request, TWILIO_INBOUND_PATH, handleTwilioInbound),

    /** POST /api/notifications/twilio/status?delivery=<key> — message status callbacks, signed by Twilio. */
    twilioStatus: (request: Request) => twilioWebhook(request, TWILIO_STATUS_PATH, handleTwilioStatus),

    /** POST /api/notifications/push/subscribe — the browser's PushSubscription JSON. */
    pushSubscribe: (request: Request) =>
      guard(async () => {
        const userId = await deps.getUserId(request);
        if (!userId) return signedOut();
        const body = await readJson(request);
        return json(201, await subscribePush(deps.db, userId, body, { userAgent: request.headers.get("user-agent"), policy: deps.outboundPolicy, now: now() }));
      }),

    /** DELETE /api/notifications/push/subscribe — `{ endpoint }` of the device unsubscribing. */
    pushUnsubscribe: (request: Request) =>
      guard(async () => {
        const userId = await deps.getUserId(request);
        if (!userId) return signedOut();
        const body = (await readJson(request)) as { endpoint?: unknown };
        if (typeof body.endpoint !== "string") throw new ServiceError("BAD_REQUEST", "endpoint is required");
        return json(200, await unsubscribePush(deps.db, userId, body.endpoint, now()));
      }),

    /**
     * POST /api/notifications/push-opened — `{ "deliveryId": … }` from the push payload, sent by the service
     * worker on notification click. The signed id authenticates it (a worker may have no cookie); any body
     * type is read as JSON so `navigator.sendBeacon` works too.
     */
    pushOpened: (request: Request) =>
      guard(async () => {
        const text = await request.text();
        if (text.length > 4096) throw new ServiceError("BAD_REQUEST", "The body is too large");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new ServiceError("BAD_REQUEST", 'Send JSON such as { "deliveryId": "…" }');
        }
        const parsed = pushOpenedInput.safeParse(body);
        if (!parsed.success) throw new ServiceError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "deliveryId is required");
        const userId = await deps.getUserId(request);
        return json(200, await recordPushOpened(deps.db, { deliveryId: parsed.data.deliveryId, secret: deps.runtime.links.secret, userId, now: now() }));
      }),

    /** GET /api/notifications/vapid-public-key — the applicationServerKey for PushManager.subscribe. */
    async vapidPublicKey(): Promise<Response> {
      if (!deps.runtime.vapidPublicKey) return json(404, { error: "Web push is not configured" });
      return json(200, { publicKey: deps.runtime.vapidPublicKey });
    },

    /** POST /api/notifications/unsubscribe?token= — RFC 8058 one-click (no cookie, no confirmation). */
    async unsubscribe(request: Request): Promise<Response> {
      const token = new URL(request.url).searchParams.get("token") ?? "";
      const scope = await unsubscribeWithToken(deps.db, { secret: deps.runtime.links.secret, token, now: now() });
      if (!scope) return page(400, "Link not valid", "<p>This unsubscribe link is not valid. Change your alert emails in Seatwatch's settings.</p>");
      const what = scope.watchId ? "this watch" : "Seatwatch alerts";
      return page(200, "Unsubscribed", `<p>You will no longer get emails for ${what}. You can turn them back on in your settings.</p>`);
    },

    /** GET on the same URL (a person clicking the footer link): a button, since mail scanners prefetch GETs. */
    async unsubscribePage(request: Request): Promise<Response> {
      const token = new URL(request.url).searchParams.get("token") ?? "";
      const action = `/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
      return page(200, "Unsubscribe", `<form method="post" action="${escapeHtml(action)}"><p>Stop these alert emails?</p><button type="submit">Unsubscribe</button></form>`);
    },
  };
}

export type NotificationRoutes = ReturnType<typeof createNotificationRoutes>;
