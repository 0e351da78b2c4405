import { createWatchInput, updateWatchInput, watchIdInput } from "@/server/services/watches/input";
import { readWatchHealth } from "@/server/services/watch-lapse";
import { previewWatch, watchPreviewInput } from "@/server/services/watch-preview";
import * as watches from "@/server/services/watches/service";
import { protectedProcedure, router } from "../trpc";

export const watchesRouter = router({
  list: protectedProcedure.query(({ ctx }) => watches.listWatches(ctx.db, ctx.user)),
  get: protectedProcedure.input(watchIdInput).query(({ ctx, input }) => watches.getWatch(ctx.db, ctx.user, input.id)),
  health: protectedProcedure.input(watchIdInput).query(({ ctx, input }) => readWatchHealth(ctx.db, ctx.user, input.id)),
  // Reads stored events on the clock they live on (the sandbox's fast clock there).
  preview: protectedProcedure.input(watchPreviewInput).query(({ ctx, input }) => previewWatch(ctx.db, ctx.user, input, ctx.source.now?.() ?? new Date())),
  create: protectedProcedure.input(createWatchInput).mutation(({ ctx, input }) => watches.createWatch(ctx.db, ctx.user, input)),
  update: protectedProcedure.input(updateWatchInput).mutation(({ ctx, input }) => watches.updateWatch(ctx.db, ctx.user, input)),
  pause: protectedProcedure.input(watchIdInput).mutation(({ ctx, input }) => watches.setWatchPaused(ctx.db, ctx.user, input.id, true)),
  resume: protectedProcedure.input(watchIdInput).mutation(({ ctx, input }) => watches.setWatchPaused(ctx.db, ctx.user, input.id, false)),
  duplicate: protectedProcedure.input(watchIdInput).mutation(({ ctx, input }) => watches.duplicateWatch(ctx.db, ctx.user, input.id)),
  delete: protectedProcedure.input(watchIdInput).mutation(({ ctx, input }) => watches.deleteWatch(ctx.db, ctx.user, input.id)),
  restore: protectedProcedure.input(watchIdInput).mutation(({ ctx, input }) => watches.restoreWatch(ctx.db, ctx.user, input.id)),
});
