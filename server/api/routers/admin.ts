import { readOperationsReport, readQuotaLedger } from "@/server/services/admin/operations";
import { listUsers, listUsersInput, setUserDisabled, setUserDisabledInput, setUserTier, setUserTierInput } from "@/server/services/admin/users";
import { readQuotaReport } from "@/server/services/quota/report";
import { adminProcedure, router } from "../trpc";

export const adminRouter = router({
  quota: adminProcedure.query(({ ctx }) => readQuotaReport(ctx.db, ctx.source)),
  quotaLedger: adminProcedure.query(({ ctx }) => readQuotaLedger(ctx.db)),
  operations: adminProcedure.query(({ ctx }) => readOperationsReport(ctx.db, ctx.source)),
  users: router({
    list: adminProcedure.input(listUsersInput).query(({ ctx, input }) => listUsers(ctx.db, input)),
    setTier: adminProcedure.input(setUserTierInput).mutation(({ ctx, input }) => setUserTier(ctx.db, input)),
    setDisabled: adminProcedure.input(setUserDisabledInput).mutation(({ ctx, input }) => setUserDisabled(ctx.db, ctx.user, input)),
  }),
});
