import { getAppContext } from "@/server/app-context";
import { createNotificationRoutes } from "@/server/services/delivery/routes";

/** The notification endpoints wired to this process's database, delivery runtime and sessions. */
export async function getNotificationRoutes() {
  const app = await getAppContext();
  return createNotificationRoutes({
    db: app.database.db,
    runtime: app.notifications,
    getUserId: async (request) => {
      const session = await app.auth.api.getSession({ headers: request.headers });
      return session?.user && !session.user.disabledAt ? session.user.id : null;
    },
  });
}
