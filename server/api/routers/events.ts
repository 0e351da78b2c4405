import { eventIdInput, getEventDetail } from "@/server/services/event-detail";
import { searchEvents, searchEventsInput } from "@/server/services/events";
import { protectedProcedure, router } from "../trpc";

export const eventsRouter = router({
  get: protectedProcedure.input(eventIdInput).query(({ ctx, input }) => getEventDetail(ctx.db, input.id, { hasSectionData: ctx.source.hasSectionData })),
  search: protectedProcedure.input(searchEventsInput).query(({ ctx, input }) => searchEvents(ctx.db, input)),
});
