import { getCalendarFeed, regenerateCalendarFeed, revokeCalendarFeed } from "@/server/services/calendar";
import { protectedProcedure, router } from "../trpc";

/** The fan's private ICS feed URL: read, create or replace, revoke. */
export const calendarRouter = router({
  get: protectedProcedure.query(({ ctx }) => getCalendarFeed(ctx.db, ctx.user)),
  regenerate: protectedProcedure.mutation(({ ctx }) => regenerateCalendarFeed(ctx.db, ctx.user)),
  revoke: protectedProcedure.mutation(({ ctx }) => revokeCalendarFeed(ctx.db, ctx.user)),
});
