import { publicProcedure, router } from "../trpc";

export const metaRouter = router({
  /** What the UI needs to know about this deployment; nothing secret. */
  info: publicProcedure.query(({ ctx }) => ({
    devMailbox: ctx.devMailbox,
    dataSource: ctx.dataSource,
    viewer: ctx.user ? { id: ctx.user.id, name: ctx.user.name, email: ctx.user.email, role: ctx.user.role } : null,
  })),
});
