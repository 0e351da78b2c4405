import { getNotificationRoutes } from "../../_lib/routes";

export const dynamic = "force-dynamic";

/** Twilio's message status callbacks (delivered, undelivered, failed), signature-checked. */
export async function POST(request: Request) {
  return (await getNotificationRoutes()).twilioStatus(request);
}
