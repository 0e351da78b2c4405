import { getDashboard } from "@/server/services/dashboard";
import { protectedProcedure, router } from "../trpc";

/** The fan's home page: upcoming sale windows from their watches and the watches that need a look. */
export const dashboardRouter = router({
  get: protectedProcedure.query(async ({ ctx }) => ({
    ...(await getDashboard(ctx.db, ctx.user, ctx.source.now?.() ?? new Date())),
    // The sandbox's clock runs faster than real time; the page's countdowns tick at the same rate.
    clockRate: ctx.source.clockRate ?? 1,
  })),
});
