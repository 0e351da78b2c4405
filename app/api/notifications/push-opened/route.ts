import { getNotificationRoutes } from "../_lib/routes";

export const dynamic = "force-dynamic";

/** The service worker reports a notification click here (escalation: an opened push needs no SMS). */
export async function POST(request: Request) {
  return (await getNotificationRoutes()).pushOpened(request);
}
