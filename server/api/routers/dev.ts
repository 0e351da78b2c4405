import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { listDevMailbox } from "@/server/services/mail";
import { publicProcedure, router } from "../trpc";

export const devRouter = router({
  /**
   * The development mailbox (SEATWATCH_DEV_MAILBOX): `open` shows every kept email to anyone, `own` a fan the
   * emails addressed to them and an admin all of them, `off` nothing.
   */
  mailbox: publicProcedure.input(z.object({ limit: z.int().min(1).max(200).default(50) }).default({ limit: 50 })).query(({ ctx, input }) => {
    if (ctx.devMailbox === "open" || (ctx.devMailbox === "own" && ctx.user?.role === "admin")) return listDevMailbox(ctx.db, input.limit);
    if (ctx.devMailbox === "own" && ctx.user) return listDevMailbox(ctx.db, input.limit, ctx.user.email);
    const message = ctx.devMailbox === "own" ? "Sign in to read the emails sent to you" : "The development mailbox is off (SEATWATCH_DEV_MAILBOX)";
    throw new TRPCError({ code: ctx.devMailbox === "own" ? "UNAUTHORIZED" : "FORBIDDEN", message });
  }),
});
