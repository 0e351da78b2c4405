import { getNotificationRoutes } from "../../_lib/routes";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return (await getNotificationRoutes()).twilioInbound(request);
}
