/** An alert's delivery status for the fan's inbox: per channel where it went, how it went, and why not — in plain words. */
import { z } from "zod";
import type { Db } from "@/db";
import { findAlertOwner, listDeliveriesForAlert, listDeliveriesForAlerts, NOT_DELIVERED_CODE } from "@/db/queries/deliveries";
import type { DeliveryRow } from "@/db/schema";
import { notFound } from "../errors";
import { maskPhoneNumber } from "./phone";

export const deliveriesForAlertInput = z.object({ alertId: z.uuid("Not an alert id") });
export const deliveryStatusesInput = z.object({ alertIds: z.array(z.uuid("Not an alert id")).max(100, "At most 100 alerts at a time") });

export type DeliveryState = "queued" | "sending" | "sent" | "kept" | "opened" | "delivered" | "failed" | "held-quiet-hours" | "held-digest" | "waiting-escalation" | "not-sent";

export interface DeliveryStatusView {
  state: DeliveryState;
  label: string;
  /** Why it failed, waits or was not sent, in words the fan can act on; null when there is nothing to say. */
  reason: string | null;
  /** When the waiting ends (release, retry, escalation), or when it was sent. */
  at: Date | null;
}

/** Vendor and worker error codes → what happened, for the fan (the raw message stays in the admin view). */
const ERROR_WORDS: Record<string, string> = {
  "invalid-recipient": "the number or address cannot receive it",
  unsubscribed: "you opted out (replied STOP or unsubscribed)",
  "subscription-gone": "this device no longer accepts notifications (permission removed or browser reset)",
  "endpoint-gone": "the webhook URL no longer exists",
  "address-refused": "the webhook address is private or local, which Seatwatch never calls",
  "payload-too-large": "the receiving service said the message was too large",
  rejected: "the service refused it",
  "rate-limited": "the service asked us to slow down",
  "quota-exceeded": "the sending quota was used up",
  unavailable: "the service could not be reached",
  "provider-config": "a configuration problem on our side",
};

/** Why a row is `kept`: only email and SMS have a development outbox, used when their vendor is not configured. */
const KEPT_WORDS: Partial<Record<DeliveryRow["channel"], string>> = {
  email: "no email service is configured here, so it was kept in the development mailbox instead",
  sms: "no SMS service is configured here, so it was kept in the development outbox instead",
};

function explainError(row: DeliveryRow): string | null {
  if (!row.lastError && !row.lastErrorCode) return null;
  // Receipts and planner/worker drop reasons are already written for the fan.
  if (row.lastErrorCode === NOT_DELIVERED_CODE || row.status === "dropped") return row.lastError;
  const words = row.lastErrorCode ? ERROR_WORDS[row.lastErrorCode] : undefined;
  const gaveUp = /^gave up after (\d+) attempts/.exec(row.lastError ?? "");
  if (gaveUp) return `we gave up after ${gaveUp[1]} tries: ${words ?? "the service kept failing"}`;
  return words ?? row.lastError;
}

/** One outbox row as the fan reads it. */
export function describeDelivery(row: DeliveryRow): DeliveryStatusView {
  switch (row.status) {
    case "pending":
      return row.attempts > 0
        ? { state: "queued", label: "Queued, retrying", reason: explainError(row), at: row.dueAt }
        : { state: "queued", label: "Queued", reason: null, at: null };
    case "sending":
      return { state: "sending", label: "Sending", reason: null, at: null };
    case "held":
      if (row.route === "hold") return { state: "held-quiet-hours", label: "Held for quiet hours", reason: "goes out when your quiet hours end, with anything else held overnight", at: row.dueAt };
      if (row.route === "digest") return { state: "held-digest", label: "In your digest", reason: "sent together with your other alerts in the next digest", at: row.dueAt };
      return { state: "waiting-escalation", label: "Waiting for the push", reason: "a text goes out only if you do not open the push notification in time", at: row.dueAt };
    case "sent":
      if (row.openedAt) return { state: "opened", label: "Opened", reason: null, at: row.openedAt };
      return { state: "sent", label: "Sent", reason: null, at: row.sentAt };
    case "kept":
      return { state: "kept", label: "Kept locally, not sent", reason: KEPT_WORDS[row.channel] ?? "no service is configured here to send it", at: row.sentAt };
    case "delivered":
      return { state: "delivered", label: "Delivered", reason: null, at: row.receiptAt ?? row.sentAt };
    case "failed":
      return { state: "failed", label: "Failed", reason: explainError(row), at: row.receiptAt ?? row.updatedAt };
    case "dropped":
      return { state: "not-sent", label: "Not sent", reason: explainError(row), at: null };
  }
}

function destinationOf(row: DeliveryRow): string | null {
  if (row.channel === "sms") return maskPhoneNumber(row.destination);
  return row.channel === "email" ? row.destination : null;
}

export async function getDeliveriesForAlert(db: Db, userId: string, input: z.infer<typeof deliveriesForAlertInput>) {
  const rows = await listDeliveriesForAlert(db, { alertId: input.alertId, userId });
  // Another fan's alert and a missing one look the same.
  if (rows.length === 0 && (await findAlertOwner(db, { alertId: input.alertId })) !== userId) throw notFound("Alert");
  return rows.map(({ delivery, attempts }) => ({
    id: delivery.id,
    channel: delivery.channel,
    destination: destinationOf(delivery),
    status: delivery.status,
    route: delivery.route,
    dueAt: delivery.dueAt,
    sentAt: delivery.sentAt,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    lastErrorCode: delivery.lastErrorCode,
    view: describeDelivery(delivery),
    history: attempts.map((attempt) => ({ at: attempt.attemptedAt, status: attempt.status, vendor: attempt.vendor, error: attempt.error, errorCode: attempt.errorCode })),
  }));
}

/** Per alert of the fan's (others' alert ids simply find nothing), each channel's status: the inbox's one query per page. */
export async function getDeliveryStatuses(db: Db, userId: string, input: z.infer<typeof deliveryStatusesInput>) {
  const rows = await listDeliveriesForAlerts(db, { alertIds: input.alertIds, userId });
  const byAlert: Record<string, { id: string; channel: DeliveryRow["channel"]; destination: string | null; view: DeliveryStatusView }[]> = {};
  for (const row of rows) (byAlert[row.alertId] ??= []).push({ id: row.id, channel: row.channel, destination: destinationOf(row), view: describeDelivery(row) });
  return byAlert;
}
