import { tracked, TRPCError } from "@trpc/server";
import { ServiceError } from "@/server/services/errors";
import { liveAlertsInput, streamLiveAlerts } from "@/server/services/live/stream";
import { protectedProcedure, router } from "../trpc";

export const liveRouter = router({
  /**
   * The signed-in fan's new alerts over Server-Sent Events. Each event carries the alert id as its SSE id, so
   * a reconnecting client (EventSource's Last-Event-ID, or tRPC's lastEventId input) resumes after it.
   */
  alerts: protectedProcedure.input(liveAlertsInput).subscription(async function* ({ ctx, input, signal }) {
    if (!ctx.live) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "The live feed is not available in this process" });
    const stop = signal ?? new AbortController().signal;
    try {
      for await (const alert of streamLiveAlerts({ db: ctx.db, hub: ctx.live }, ctx.user.id, { lastEventId: input?.lastEventId, signal: stop })) {
        yield tracked(alert.id, alert);
      }
    } catch (error) {
      // Raised while streaming, after the middleware that maps service errors has returned.
      if (error instanceof ServiceError) throw new TRPCError({ code: error.code, message: error.message, cause: error });
      throw error;
    }
  }),
});
