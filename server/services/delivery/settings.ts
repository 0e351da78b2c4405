/** The fan's notification settings: quiet hours, digests, escalation, email pause, and the webhook. */
import { z } from "zod";
import type { Db } from "@/db";
import { findSettings, upsertSettings } from "@/db/queries/notification-settings";
import { checkOutboundUrl, type OutboundPolicy } from "@/server/notifications/guarded-http";
import { generateWebhookSecret } from "@/server/notifications/webhook-signature";
import { ServiceError } from "../errors";
import { DEFAULT_SETTINGS } from "./plan";

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour time such as 22:00");

export const updateSettingsInput = z.object({
  /** null turns quiet hours off. */
  quietHours: z
    .object({ start: clockTime, end: clockTime })
    .refine((hours) => hours.start !== hours.end, { message: "Quiet hours must start and end at different times", path: ["end"] })
    .nullable()
    .optional(),
  digestFrequency: z.enum(["hourly", "daily"]).optional(),
  dailyDigestAt: clockTime.optional(),
  imminentWithinMinutes: z.int().min(5, "At least 5 minutes").max(240, "At most 4 hours").optional(),
  escalation: z.object({ isOptedIn: z.boolean(), afterMinutes: z.int().min(2, "At least 2 minutes").max(120, "At most 2 hours") }).optional(),
  isEmailPaused: z.boolean().optional(),
});
export type UpdateSettingsInput = z.infer<typeof updateSettingsInput>;

export const setWebhookInput = z.object({ url: z.url({ protocol: /^https?$/, message: "Enter an http(s) URL" }).max(2048).nullable() });
export type SetWebhookInput = z.infer<typeof setWebhookInput>;

export async function getNotificationSettings(db: Db, userId: string) {
  const row = await findSettings(db, { userId });
  return {
    quietHours: row?.quietHoursStart && row.quietHoursEnd ? { start: row.quietHoursStart, end: row.quietHoursEnd } : null,
    digestFrequency: row?.digestFrequency ?? DEFAULT_SETTINGS.digestFrequency,
    dailyDigestAt: row?.dailyDigestAt ?? DEFAULT_SETTINGS.dailyDigestAt,
    imminentWithinMinutes: row?.imminentWithinMinutes ?? DEFAULT_SETTINGS.imminentWithinMinutes,
    escalation: {
      isOptedIn: row?.isEscalationOptedIn ?? DEFAULT_SETTINGS.isEscalationOptedIn,
      afterMinutes: row?.escalationAfterMinutes ?? DEFAULT_SETTINGS.escalationAfterMinutes,
    },
    isEmailPaused: Boolean(row?.emailPausedAt),
    webhook: row?.webhookUrl ? { url: row.webhookUrl, checkedAt: row.webhookCheckedAt } : null,
  };
}

export async function updateNotificationSettings(db: Db, userId: string, input: UpdateSettingsInput, now = new Date()) {
  await upsertSettings(db, {
    userId,
    now,
    changes: {
      ...(input.quietHours !== undefined ? { quietHoursStart: input.quietHours?.start ?? null, quietHoursEnd: input.quietHours?.end ?? null } : {}),
      ...(input.digestFrequency ? { digestFrequency: input.digestFrequency } : {}),
      ...(input.dailyDigestAt ? { dailyDigestAt: input.dailyDigestAt } : {}),
      ...(input.imminentWithinMinutes !== undefined ? { imminentWithinMinutes: input.imminentWithinMinutes } : {}),
      ...(input.escalation ? { isEscalationOptedIn: input.escalation.isOptedIn, escalationAfterMinutes: input.escalation.afterMinutes } : {}),
      ...(input.isEmailPaused !== undefined ? { emailPausedAt: input.isEmailPaused ? now : null } : {}),
    },
  });
  return getNotificationSettings(db, userId);
}

/**
 * Saves (or clears) the fan's webhook after the same address check every send makes: private, loopback,
 * link-local and metadata addresses are refused (SSRF). A new signing secret is returned once.
 */
export async function setWebhook(db: Db, userId: string, input: SetWebhookInput, options: { policy?: OutboundPolicy; now?: Date } = {}) {
  const now = options.now ?? new Date();
  if (input.url === null) {
    await upsertSettings(db, { userId, now, changes: { webhookUrl: null, webhookSecret: null, webhookCheckedAt: null } });
    return { url: null, secret: null };
  }
  const checked = await checkOutboundUrl(input.url, options.policy);
  if (!checked.ok) {
    const message = `Webhook URL refused: ${checked.refusal.message}`;
    throw new ServiceError("BAD_REQUEST", message, [{ path: ["url"], message }]);
  }
  const secret = generateWebhookSecret();
  await upsertSettings(db, { userId, now, changes: { webhookUrl: input.url, webhookSecret: secret, webhookCheckedAt: now } });
  return { url: input.url, secret };
}
