/**
 * The alert message a delivery renders, frozen when the delivery is planned (a held or digest email shows
 * the event as it was when the alert fired) and stored without links, which are derived at send time.
 */
import type { alerts } from "@/db/schema";
import type { AlertDecision, AlertStage, Change, UncheckedCriterion } from "@/server/engine";
import { parseAlertMessage, type AlertMessage } from "@/server/notifications/alert-message";
import { toAlertMessage } from "@/server/notifications/from-decision";
import type { Event, ProviderId } from "@/server/providers/types";
import { buildAlertLinks, type LinkConfig } from "./links";

/** Valid URLs the schema accepts while building; replaced by real links before any render. */
const PLACEHOLDER_LINKS = {
  alertUrl: "https://links.invalid/alert",
  unsubscribeUrl: "https://links.invalid/unsubscribe",
  preferencesUrl: "https://links.invalid/preferences",
};

export type StoredMessage = Record<string, unknown>;
export type AlertRow = typeof alerts.$inferSelect;

export interface MessageSource {
  alert: Pick<AlertRow, "id" | "watchId" | "provider" | "providerEventId" | "kind" | "stage" | "bucket" | "payload" | "uncheckedCriteria" | "priceMinor" | "currency" | "decidedAt" | "origin" | "idempotencyKey" | "userId">;
  event: Event;
  watch: { name: string; maxPriceMinor: number | null };
  fan: { timeZone: string; name: string | null };
}

/** The stored alert row back as the matcher's decision (what from-decision reads). */
function toDecision(source: MessageSource): AlertDecision {
  const { alert } = source;
  return {
    idempotencyKey: alert.idempotencyKey,
    watchId: alert.watchId,
    userId: alert.userId,
    provider: alert.provider as ProviderId,
    eventId: alert.providerEventId,
    kind: alert.kind as AlertDecision["kind"],
    stage: alert.stage as AlertStage,
    bucket: alert.bucket,
    change: (alert.payload as { change: Change }).change,
    event: source.event,
    uncheckedCriteria: alert.uncheckedCriteria as UncheckedCriterion[],
    priceMinor: alert.priceMinor,
    currency: alert.currency,
    decidedAt: alert.decidedAt.toISOString(),
    origin: alert.origin,
  };
}

/** The message to store on the alert's deliveries; throws (ZodError) when the snapshot cannot be rendered. */
export function buildStoredMessage(source: MessageSource): StoredMessage {
  const message = toAlertMessage(toDecision(source), {
    alertId: source.alert.id,
    watchName: source.watch.name,
    maxPriceMinor: source.watch.maxPriceMinor,
    // No template greets by name; leaving it out keeps one render per alert content for a whole fan-out
    // (render-email-cache) and keeps a copy of the name out of every outbox row.
    fan: { timeZone: source.fan.timeZone, name: null },
    links: PLACEHOLDER_LINKS,
  });
  const { links: _links, ...rest } = message;
  return rest as StoredMessage;
}

/**
 * The stored message with this delivery's links, validated again (an old payload fails loudly). Messages of
 * one fan-out differ only in ids and names, so `validated` (one per worker run) lets a shape checked once
 * skip the schema for the other 9,999 — a full parse per email would cost more than sending it.
 */
export function attachLinks(stored: StoredMessage, config: LinkConfig, owner: { userId: string; watchId: string }, validated?: Set<string>): AlertMessage {
  const alertId = String(stored.alertId);
  const links = buildAlertLinks(config, { alertId, userId: owner.userId, watchId: owner.watchId });
  if (!validated) return parseAlertMessage({ ...stored, links });
  const { alertId: _alertId, watchName: _watchName, ...shape } = stored;
  const key = JSON.stringify(shape);
  if (validated.has(key) && typeof stored.watchName === "string" && stored.watchName.length > 0) return { ...stored, links } as AlertMessage;
  const message = parseAlertMessage({ ...stored, links });
  validated.add(key);
  return message;
}
