import { readQuotaReport } from "@/server/services/quota/report";
import { adminProcedure, router } from "../trpc";

export const adminRouter = router({
  quota: adminProcedure.query(({ ctx }) => readQuotaReport(ctx.db, ctx.source)),
});
