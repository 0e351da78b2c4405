import { searchEvents, searchEventsInput } from "@/server/services/events";
import { protectedProcedure, router } from "../trpc";

export const eventsRouter = router({
  search: protectedProcedure.input(searchEventsInput).query(({ ctx, input }) => searchEvents(ctx.db, input)),
});
