/** An alert's delivery status for the fan's inbox: per channel where it went, how it went, and why not. */
import { z } from "zod";
import type { Db } from "@/db";
import { findAlertOwner, listDeliveriesForAlert } from "@/db/queries/deliveries";
import { notFound } from "../errors";
import { maskPhoneNumber } from "./phone";

export const deliveriesForAlertInput = z.object({ alertId: z.uuid("Not an alert id") });

export async function getDeliveriesForAlert(db: Db, userId: string, input: z.infer<typeof deliveriesForAlertInput>) {
  const rows = await listDeliveriesForAlert(db, { alertId: input.alertId, userId });
  // Another fan's alert and a missing one look the same.
  if (rows.length === 0 && (await findAlertOwner(db, { alertId: input.alertId })) !== userId) throw notFound("Alert");
  return rows.map(({ delivery, attempts }) => ({
    id: delivery.id,
    channel: delivery.channel,
    destination: delivery.channel === "sms" ? maskPhoneNumber(delivery.destination) : delivery.channel === "email" ? delivery.destination : null,
    status: delivery.status,
    route: delivery.route,
    dueAt: delivery.dueAt,
    sentAt: delivery.sentAt,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    lastErrorCode: delivery.lastErrorCode,
    history: attempts.map((attempt) => ({ at: attempt.attemptedAt, status: attempt.status, vendor: attempt.vendor, error: attempt.error, errorCode: attempt.errorCode })),
  }));
}
