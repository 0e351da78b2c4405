import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { listDevMailbox } from "@/server/services/mail";
import { publicProcedure, router } from "../trpc";

export const devRouter = router({
  /** The development mailbox: open to anyone on the embedded default, to admins elsewhere. */
  mailbox: publicProcedure.input(z.object({ limit: z.int().min(1).max(200).default(50) }).default({ limit: 50 })).query(({ ctx, input }) => {
    if (!ctx.isDevMailboxOpen && ctx.user?.role !== "admin") {
      throw new TRPCError({ code: "FORBIDDEN", message: "The development mailbox is only open on the embedded default" });
    }
    return listDevMailbox(ctx.db, input.limit);
  }),
});
