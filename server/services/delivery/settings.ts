/**
 * The fan's notification settings: channels on/off, instant or digest, quiet hours in their time zone, the
 * "on sale soon" override, escalation, the SMS allowance of their tier, and the webhook (with a test send).
 */
import type { Db } from "@/db";
import { listRecentSms } from "@/db/queries/deliveries";
import { findSettings, upsertSettings, type SettingsChanges } from "@/db/queries/notification-settings";
import { findUser, updateUser } from "@/db/queries/users";
import { isValidTimeZone } from "@/server/notifications/alert-message";
import { checkOutboundUrl, type OutboundPolicy } from "@/server/notifications/guarded-http";
import type { DeliveryOutcome, WebhookChannel } from "@/server/notifications/ports";
import { detectWebhookFormat, renderWebhookTestBody } from "@/server/notifications/render-webhook";
import { generateWebhookSecret } from "@/server/notifications/webhook-signature";
import { notFound, ServiceError } from "../errors";
import { getTierLimits } from "../tiers";
import type { SetWebhookInput, UpdateSettingsInput } from "./inputs";
import { buildPreferencesUrl } from "./links";
import { DEFAULT_SETTINGS } from "./plan";
import { countSmsToday } from "./send-context";

export { setWebhookInput, updateSettingsInput, type SetWebhookInput, type UpdateSettingsInput } from "./inputs";

type SwitchableChannel = "sms" | "push" | "webhook";
const SWITCHABLE: readonly SwitchableChannel[] = ["sms", "push", "webhook"];

export async function getNotificationSettings(db: Db, userId: string, now = new Date()) {
  const [row, user] = await Promise.all([findSettings(db, { userId }), findUser(db, { id: userId })]);
  if (!user) throw notFound("Account");
  const off = new Set(row?.channelsOff ?? []);
  const timeZone = isValidTimeZone(user.timeZone) ? user.timeZone : "UTC";
  const recentSms = await listRecentSms(db, { userIds: [userId], since: new Date(now.getTime() - 26 * 3_600_000) });
  return {
    /** In-app is the inbox itself: always on. */
    channels: { email: !row?.emailPausedAt, sms: !off.has("sms"), push: !off.has("push"), inApp: true as const, webhook: !off.has("webhook") },
    deliveryMode: row?.deliveryMode ?? "instant",
    timeZone,
    /** False until the fan first saves these settings (the page may then suggest the browser's time zone). */
    isSaved: row !== null,
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
    /** The tier's daily SMS allowance and what today (the fan's local day) has used. */
    sms: { tier: user.tier, perDay: getTierLimits(user.tier).smsPerDay, sentToday: countSmsToday(recentSms, userId, timeZone, now) },
  };
}

export type NotificationSettings = Awaited<ReturnType<typeof getNotificationSettings>>;

function channelChanges(channels: NonNullable<UpdateSettingsInput["channels"]>, current: readonly SwitchableChannel[], isEmailPaused: boolean | undefined, now: Date): SettingsChanges {
  const off = new Set(current);
  for (const channel of SWITCHABLE) {
    if (channels[channel] === true) off.delete(channel);
    if (channels[channel] === false) off.add(channel);
  }
  const emailOn = channels.email ?? (isEmailPaused === undefined ? undefined : !isEmailPaused);
  return { channelsOff: SWITCHABLE.filter((channel) => off.has(channel)), ...(emailOn !== undefined ? { emailPausedAt: emailOn ? null : now } : {}) };
}

export async function updateNotificationSettings(db: Db, userId: string, input: UpdateSettingsInput, now = new Date()) {
  const current = await findSettings(db, { userId });
  const channels = input.channels ? channelChanges(input.channels, current?.channelsOff ?? [], input.isEmailPaused, now) : {};
  await db.transaction(async (tx) => {
    if (input.timeZone !== undefined) await updateUser(tx, { id: userId, changes: { timeZone: input.timeZone } });
    await upsertSettings(tx, {
      userId,
      now,
      changes: {
        ...(input.quietHours !== undefined ? { quietHoursStart: input.quietHours?.start ?? null, quietHoursEnd: input.quietHours?.end ?? null } : {}),
        ...(input.deliveryMode ? { deliveryMode: input.deliveryMode } : {}),
        ...(input.digestFrequency ? { digestFrequency: input.digestFrequency } : {}),
        ...(input.dailyDigestAt ? { dailyDigestAt: input.dailyDigestAt } : {}),
        ...(input.imminentWithinMinutes !== undefined ? { imminentWithinMinutes: input.imminentWithinMinutes } : {}),
        ...(input.escalation ? { isEscalationOptedIn: input.escalation.isOptedIn, escalationAfterMinutes: input.escalation.afterMinutes } : {}),
        ...(input.isEmailPaused !== undefined && !input.channels ? { emailPausedAt: input.isEmailPaused ? now : null } : {}),
        ...channels,
      },
    });
  });
  return getNotificationSettings(db, userId, now);
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

/** What a test send's outcome means, for the fan who owns the endpoint. */
function describeTestOutcome(outcome: DeliveryOutcome): { isDelivered: boolean; message: string } {
  if (outcome.status === "sent") return { isDelivered: true, message: "Test message delivered: your endpoint answered with success." };
  const { code, httpStatus, message } = outcome.error;
  const why: Record<string, string> = {
    "address-refused": `Refused before sending: ${message.replace(/^webhook [^:]+: /, "")}`,
    "endpoint-gone": `Your endpoint answered ${httpStatus}: that URL no longer exists (was the webhook deleted?).`,
    "rate-limited": "Your endpoint asked us to slow down (429). Wait a minute and try again.",
    unavailable: `We could not reach your endpoint: ${message.replace(/^webhook [^:]+: /, "")}.`,
    "payload-too-large": "Your endpoint refused the message as too large (413).",
  };
  return { isDelivered: false, message: why[code] ?? `Your endpoint refused the test (${httpStatus ?? "no answer"}): ${message.replace(/^webhook [^:]+: /, "")}` };
}

/** Sends a signed test message to the saved webhook, exactly as alerts go (same guard, signature, headers). */
export async function testWebhook(db: Db, userId: string, deps: { getSender: () => Promise<{ webhook: WebhookChannel; appUrl: string }>; now?: Date }) {
  const settings = await findSettings(db, { userId });
  if (!settings?.webhookUrl || !settings.webhookSecret) throw new ServiceError("BAD_REQUEST", "Save a webhook URL first, then send a test");
  const now = deps.now ?? new Date();
  const sender = await deps.getSender();
  const body = renderWebhookTestBody(detectWebhookFormat(settings.webhookUrl), buildPreferencesUrl(sender));
  const outcome = await sender.webhook.send({ idempotencyKey: `test-${userId}-${now.getTime()}`, url: settings.webhookUrl, secret: settings.webhookSecret, body });
  return describeTestOutcome(outcome);
}
