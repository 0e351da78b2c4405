import { getUnreadCount, listAlerts, listAlertsInput, markRead, markReadInput } from "@/server/services/alerts";
import { protectedProcedure, router } from "../trpc";

export const alertsRouter = router({
  list: protectedProcedure.input(listAlertsInput).query(({ ctx, input }) => listAlerts(ctx.db, ctx.user.id, input)),
  unreadCount: protectedProcedure.query(({ ctx }) => getUnreadCount(ctx.db, ctx.user.id)),
  markRead: protectedProcedure.input(markReadInput).mutation(({ ctx, input }) => markRead(ctx.db, ctx.user.id, input)),
});
