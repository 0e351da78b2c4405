import type { AlertMessage } from "./alert-message";
import { resolveOfficialLink, type RenderOptions } from "./format";
import { describeAlert } from "./kinds";
import type { InAppAlertPayload } from "./ports";

/** The inbox / live-feed entry of an alert; `createdAt` is the alert's decision time (ISO). */
export function renderInAppAlert(message: AlertMessage, createdAt: string, options: RenderOptions = {}): InAppAlertPayload {
  const content = describeAlert(message);
  const link = resolveOfficialLink(message.event.officialUrl, message.links.alertUrl, { channel: "in-app", alertId: message.alertId }, options);
  return {
    alertId: message.alertId,
    kind: message.kind,
    title: content.headline,
    body: content.summary,
    url: link.url,
    alertUrl: message.links.alertUrl,
    eventName: message.event.name,
    watchName: message.watchName,
    createdAt,
  };
}
