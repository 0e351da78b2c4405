import { devRouter } from "./routers/dev";
import { profileRouter } from "./routers/profile";
import { watchesRouter } from "./routers/watches";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  watches: watchesRouter,
  profile: profileRouter,
  dev: devRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
