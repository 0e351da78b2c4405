/**
 * Escalation for urgent alerts the fan opted into: the push goes first and the SMS waits as a held outbox row
 * (route "escalate"). Opening the push drops the waiting SMS; a push that cannot arrive (410, device gone)
 * brings it forward to now; otherwise it goes when its time comes. One row, so never two texts.
 */
import { z } from "zod";
import type { Db } from "@/db";
import { dropWaitingEscalations, markPushOpened, releaseEscalationsAfterPushFailure } from "@/db/queries/deliveries";
import { ServiceError } from "../errors";
import { readPushOpenToken } from "./links";

export const pushOpenedInput = z.object({ deliveryId: z.string().trim().min(1, "deliveryId is required").max(200, "deliveryId is too long") });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a waiting escalation SMS was not sent, as the fan reads it in the inbox. */
export const PUSH_OPENED_REASON = { code: "push-opened", message: "you opened the push notification, so no text was needed" } as const;

/**
 * Records a click on a push notification. The payload's signed `deliveryId` is enough on its own (the
 * service worker may call without a cookie); a bare delivery id is accepted only from its signed-in owner.
 */
export async function recordPushOpened(db: Db, input: { deliveryId: string; secret: string; userId: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  const signedId = readPushOpenToken(input.secret, input.deliveryId);
  let deliveryId: string;
  let ownerId: string | undefined;
  if (signedId && UUID.test(signedId)) {
    deliveryId = signedId;
  } else if (UUID.test(input.deliveryId) && input.userId) {
    deliveryId = input.deliveryId;
    ownerId = input.userId;
  } else if (UUID.test(input.deliveryId)) {
    throw new ServiceError("FORBIDDEN", "Send the deliveryId from the push payload (it is signed), or sign in");
  } else {
    throw new ServiceError("FORBIDDEN", "This deliveryId was not issued by Seatwatch");
  }
  return db.transaction(async (tx) => {
    const opened = await markPushOpened(tx, { deliveryId, userId: ownerId, now });
    if (!opened) throw new ServiceError("NOT_FOUND", "No such push notification");
    const escalationsCancelled = await dropWaitingEscalations(tx, { alertId: opened.alertId, ...PUSH_OPENED_REASON, now });
    return { opened: true, escalationsCancelled };
  });
}

/** After push failures or drops: escalation SMS of those alerts go now if no push can still arrive. */
export function releaseEscalations(db: Db, alertIds: readonly string[], now: Date): Promise<number> {
  return releaseEscalationsAfterPushFailure(db, { alertIds: [...new Set(alertIds)], now });
}
