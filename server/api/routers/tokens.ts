import { apiTokenIdInput, createApiToken, createApiTokenInput, listApiTokens, revokeApiToken } from "@/server/services/tokens";
import { protectedProcedure, router } from "../trpc";

/** The fan's personal API tokens (settings page). The secret comes back once, from `create`. */
export const tokensRouter = router({
  list: protectedProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.user.id)),
  create: protectedProcedure.input(createApiTokenInput).mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.user.id, input)),
  revoke: protectedProcedure.input(apiTokenIdInput).mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.user.id, input.id)),
});
