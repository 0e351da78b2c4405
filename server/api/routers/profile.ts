import { exportAccountData } from "@/server/services/export";
import { getProfile, updateProfile, updateProfileInput } from "@/server/services/profile";
import { protectedProcedure, router } from "../trpc";

export const profileRouter = router({
  get: protectedProcedure.query(({ ctx }) => getProfile(ctx.db, ctx.user.id)),
  update: protectedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.user.id, input)),
  /** Everything about the signed-in fan as JSON (also downloadable from /api/account/export). */
  export: protectedProcedure.query(({ ctx }) => exportAccountData(ctx.db, ctx.user.id)),
});
