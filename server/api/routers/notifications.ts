import { TRPCError } from "@trpc/server";
import { listDevices, removeDevice, removeDeviceInput } from "@/server/services/delivery/devices";
import { confirmPhone, confirmPhoneInput, getPhone, listDevTexts, removePhone, startPhoneInput, startPhoneVerification, type PhoneRequest } from "@/server/services/delivery/phone";
import { getDeliveryRuntime } from "@/server/services/delivery/runtime";
import { getNotificationSettings, setWebhook, setWebhookInput, testWebhook, updateNotificationSettings, updateSettingsInput } from "@/server/services/delivery/settings";
import { deliveriesForAlertInput, deliveryStatusesInput, getDeliveriesForAlert, getDeliveryStatuses } from "@/server/services/delivery/status";
import { protectedProcedure, router, type Context } from "../trpc";

/** The SMS channel and caller IP for code sends (the request context has them; tests pass their own). */
async function phoneRequest(ctx: Context): Promise<PhoneRequest> {
  const sms = ctx.notifications?.sms ?? (await getDeliveryRuntime(ctx.db)).channels.sms;
  return { sms, ip: ctx.notifications?.clientIp ?? null };
}

export const notificationsRouter = router({
  settings: protectedProcedure.query(({ ctx }) => getNotificationSettings(ctx.db, ctx.user.id)),
  updateSettings: protectedProcedure.input(updateSettingsInput).mutation(({ ctx, input }) => updateNotificationSettings(ctx.db, ctx.user.id, input)),
  /** Saves or clears the webhook; the signing secret is shown once, in the answer. */
  setWebhook: protectedProcedure.input(setWebhookInput).mutation(({ ctx, input }) => setWebhook(ctx.db, ctx.user.id, input)),
  /** Sends a signed test message to the saved webhook; answers whether it arrived and, if not, why. */
  testWebhook: protectedProcedure.mutation(({ ctx }) =>
    testWebhook(ctx.db, ctx.user.id, {
      getSender: async () => {
        const runtime = await getDeliveryRuntime(ctx.db);
        return { webhook: runtime.channels.webhook, appUrl: runtime.appUrl };
      },
    }),
  ),

  phone: protectedProcedure.query(({ ctx }) => getPhone(ctx.db, ctx.user.id)),
  startPhoneVerification: protectedProcedure.input(startPhoneInput).mutation(async ({ ctx, input }) => startPhoneVerification(ctx.db, ctx.user.id, input, await phoneRequest(ctx))),
  confirmPhone: protectedProcedure.input(confirmPhoneInput).mutation(({ ctx, input }) => confirmPhone(ctx.db, ctx.user.id, input)),
  removePhone: protectedProcedure.mutation(({ ctx }) => removePhone(ctx.db, ctx.user.id)),
  /** The development outbox's texts to the fan's own number; shut when the dev mailbox is off. */
  devTexts: protectedProcedure.query(({ ctx }) => {
    if (ctx.devMailbox === "off") throw new TRPCError({ code: "FORBIDDEN", message: "The development outbox is off (SEATWATCH_DEV_MAILBOX)" });
    return listDevTexts(ctx.db, ctx.user.id);
  }),

  pushDevices: protectedProcedure.query(({ ctx }) => listDevices(ctx.db, ctx.user.id)),
  removePushDevice: protectedProcedure.input(removeDeviceInput).mutation(({ ctx, input }) => removeDevice(ctx.db, ctx.user.id, input)),

  /** Per channel: where one of the fan's alerts went and how (NOT_FOUND for anyone else's alert). */
  deliveriesForAlert: protectedProcedure.input(deliveriesForAlertInput).query(({ ctx, input }) => getDeliveriesForAlert(ctx.db, ctx.user.id, input)),
  /** The inbox page's statuses: per alert id (the fan's own only), each channel's state in plain words. */
  deliveryStatuses: protectedProcedure.input(deliveryStatusesInput).query(({ ctx, input }) => getDeliveryStatuses(ctx.db, ctx.user.id, input)),
});
