import { suggestAttractions } from "@/server/services/suggestions";
import { protectedProcedure, router } from "../trpc";

export const suggestionsRouter = router({
  /** Attractions to watch next for the signed-in fan. */
  attractions: protectedProcedure.query(({ ctx }) => suggestAttractions(ctx.db, ctx.user, ctx.source.now?.() ?? new Date())),
});
