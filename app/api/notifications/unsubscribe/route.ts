import { getNotificationRoutes } from "../_lib/routes";

export const dynamic = "force-dynamic";

/** RFC 8058 one-click: mail providers POST here with no cookie; the signed token says whose and what. */
export async function POST(request: Request) {
  return (await getNotificationRoutes()).unsubscribe(request);
}

/** A person opening the link gets a confirmation button (scanners prefetch GETs; they must not unsubscribe). */
export async function GET(request: Request) {
  return (await getNotificationRoutes()).unsubscribePage(request);
}
