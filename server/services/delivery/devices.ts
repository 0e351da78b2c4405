/** Push devices: subscribe/unsubscribe from the browser, the fan's device list, and removal. */
import { z } from "zod";
import type { Db } from "@/db";
import { listPushDevices, markPushGone, upsertPushSubscription } from "@/db/queries/notification-settings";
import type { OutboundPolicy } from "@/server/notifications/guarded-http";
import { checkPushSubscription } from "@/server/notifications/push-subscription";
import { ServiceError } from "../errors";

export const removeDeviceInput = z.object({ id: z.uuid("Not a device id") });

/** Stores the browser's subscription after checking its keys and that its endpoint is a public address. */
export async function subscribePush(db: Db, userId: string, body: unknown, options: { userAgent: string | null; policy?: OutboundPolicy; now?: Date }) {
  const checked = await checkPushSubscription(body, options.policy);
  if (!checked.ok) throw new ServiceError("BAD_REQUEST", `Push subscription refused: ${checked.message}`);
  const row = await upsertPushSubscription(db, {
    userId,
    endpoint: checked.subscription.endpoint,
    p256dh: checked.subscription.keys.p256dh,
    auth: checked.subscription.keys.auth,
    userAgent: options.userAgent?.slice(0, 300) ?? null,
    now: options.now ?? new Date(),
  });
  return { id: row.id };
}

export async function unsubscribePush(db: Db, userId: string, endpoint: string, now = new Date()) {
  return { removed: await markPushGone(db, { userId, endpoint, at: now }) };
}

export async function listDevices(db: Db, userId: string) {
  const rows = await listPushDevices(db, { userId });
  return rows.map((row) => ({ ...row, isActive: row.goneAt === null }));
}

export async function removeDevice(db: Db, userId: string, input: z.infer<typeof removeDeviceInput>, now = new Date()) {
  const removed = await markPushGone(db, { userId, id: input.id, at: now });
  if (removed === 0 && !(await listPushDevices(db, { userId })).some((row) => row.id === input.id)) throw new ServiceError("NOT_FOUND", "Device not found");
  return { removed };
}
