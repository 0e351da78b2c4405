import { z } from "zod";
import { searchAttractions, searchVenues } from "@/server/services/catalog";
import { protectedProcedure, router } from "../trpc";

const keywordInput = z.object({ keyword: z.string().trim().min(2, "Type at least 2 characters").max(100, "Keep the search under 100 characters") });

export const catalogRouter = router({
  attractions: protectedProcedure.input(keywordInput).query(({ ctx, input }) => searchAttractions(ctx.provider, input.keyword)),
  venues: protectedProcedure.input(keywordInput).query(({ ctx, input }) => searchVenues(ctx.provider, input.keyword)),
});
