import { adminRouter } from "./routers/admin";
import { alertsRouter } from "./routers/alerts";
import { calendarRouter } from "./routers/calendar";
import { catalogRouter } from "./routers/catalog";
import { dashboardRouter } from "./routers/dashboard";
import { devRouter } from "./routers/dev";
import { eventsRouter } from "./routers/events";
import { liveRouter } from "./routers/live";
import { metaRouter } from "./routers/meta";
import { notificationsRouter } from "./routers/notifications";
import { profileRouter } from "./routers/profile";
import { suggestionsRouter } from "./routers/suggestions";
import { tokensRouter } from "./routers/tokens";
import { watchEventsRouter } from "./routers/watch-events";
import { watchesRouter } from "./routers/watches";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  watches: watchesRouter,
  watchEvents: watchEventsRouter,
  alerts: alertsRouter,
  calendar: calendarRouter,
  dashboard: dashboardRouter,
  suggestions: suggestionsRouter,
  profile: profileRouter,
  catalog: catalogRouter,
  dev: devRouter,
  admin: adminRouter,
  events: eventsRouter,
  meta: metaRouter,
  notifications: notificationsRouter,
  live: liveRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
