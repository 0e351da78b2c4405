import { getNotificationRoutes } from "../_lib/routes";

export const dynamic = "force-dynamic";

export async function GET() {
  return (await getNotificationRoutes()).vapidPublicKey();
}
