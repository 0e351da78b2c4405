import { eventWatchesInput, listEventWatches, listWatchMatches, watchMatchesInput } from "@/server/services/watch-matches";
import { muteEvent, muteEventInput, unmuteEvent, unmuteEventInput } from "@/server/services/watch-mutes";
import { protectedProcedure, router, type Context } from "../trpc";

/** The clock event data lives on: the sandbox's fast clock there, real time otherwise. */
const sourceNow = (ctx: Context) => ctx.source.now?.() ?? new Date();

/** Which events a watch matches and why, and the fan's "I bought it" / snooze per watch × event. */
export const watchEventsRouter = router({
  matches: protectedProcedure.input(watchMatchesInput).query(({ ctx, input }) => listWatchMatches(ctx.db, ctx.user, input, sourceNow(ctx))),
  forEvent: protectedProcedure.input(eventWatchesInput).query(({ ctx, input }) => listEventWatches(ctx.db, ctx.user, input.id, sourceNow(ctx))),
  mute: protectedProcedure.input(muteEventInput).mutation(({ ctx, input }) => muteEvent(ctx.db, ctx.user, input, sourceNow(ctx))),
  unmute: protectedProcedure.input(unmuteEventInput).mutation(({ ctx, input }) => unmuteEvent(ctx.db, ctx.user, input)),
});
