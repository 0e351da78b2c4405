import { getDashboard } from "@/server/services/dashboard";
import { protectedProcedure, router } from "../trpc";

/** The fan's home page: upcoming sale windows from their watches and the watches that need a look. */
export const dashboardRouter = router({
  get: protectedProcedure.query(({ ctx }) => getDashboard(ctx.db, ctx.user, ctx.source.now?.() ?? new Date())),
});
