/**
 * Input schemas of the notification settings, phone verification and webhook procedures. Pure zod, so the
 * settings page validates with the server's own rules (re-exported through server/api/schemas.ts).
 */
import { z } from "zod";
import { updateProfileInput } from "../profile-input";

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour time such as 22:00");

/** Bounds of the "on sale within N minutes" override (our choice: 5 minutes to 4 hours). */
export const IMMINENT_MINUTES = { min: 5, max: 240 } as const;
/** Bounds of the escalation wait (our choice: long enough to notice a push, short enough to catch a sale). */
export const ESCALATION_MINUTES = { min: 2, max: 120 } as const;

export const updateSettingsInput = z.object({
  /** Switch a channel off (or back on) everywhere; in-app is the inbox itself and always on. */
  channels: z.object({ email: z.boolean(), sms: z.boolean(), push: z.boolean(), webhook: z.boolean() }).partial().optional(),
  /** "digest": every watch's non-urgent alerts wait for the digest; "instant": each watch decides. */
  deliveryMode: z.enum(["instant", "digest"]).optional(),
  /** null turns quiet hours off. */
  quietHours: z
    .object({ start: clockTime, end: clockTime })
    .refine((hours) => hours.start !== hours.end, { message: "Quiet hours must start and end at different times", path: ["end"] })
    .nullable()
    .optional(),
  /** The fan's time zone (the profile's), in which quiet hours and digest times are read. */
  timeZone: updateProfileInput.shape.timeZone,
  digestFrequency: z.enum(["hourly", "daily"]).optional(),
  dailyDigestAt: clockTime.optional(),
  imminentWithinMinutes: z.int("Enter whole minutes").min(IMMINENT_MINUTES.min, "At least 5 minutes").max(IMMINENT_MINUTES.max, "At most 4 hours (240 minutes)").optional(),
  escalation: z
    .object({
      isOptedIn: z.boolean(),
      afterMinutes: z.int("Enter whole minutes").min(ESCALATION_MINUTES.min, "At least 2 minutes").max(ESCALATION_MINUTES.max, "At most 2 hours (120 minutes)"),
    })
    .optional(),
  isEmailPaused: z.boolean().optional(),
});
export type UpdateSettingsInput = z.infer<typeof updateSettingsInput>;

export const setWebhookInput = z.object({ url: z.url({ protocol: /^https?$/, message: "Enter a full URL starting with https://" }).max(2048, "That URL is too long").nullable() });
export type SetWebhookInput = z.infer<typeof setWebhookInput>;

export const startPhoneInput = z.object({
  phone: z.string().trim().min(1, "Enter a mobile number").max(32, "That is too long for a phone number"),
  consent: z.literal(true, "Tick the box to agree to receive text messages"),
  /** The disclosure version the fan saw; must be the current one. */
  disclosureVersion: z.string().min(1),
});
export type StartPhoneInput = z.infer<typeof startPhoneInput>;

export const confirmPhoneInput = z.object({ code: z.string().trim().regex(/^\d{6}$/, "The code is 6 digits") });
export type ConfirmPhoneInput = z.infer<typeof confirmPhoneInput>;
