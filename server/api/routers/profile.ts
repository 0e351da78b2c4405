import { getProfile, updateProfile, updateProfileInput } from "@/server/services/profile";
import { protectedProcedure, router } from "../trpc";

export const profileRouter = router({
  get: protectedProcedure.query(({ ctx }) => getProfile(ctx.db, ctx.user.id)),
  update: protectedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.user.id, input)),
});
