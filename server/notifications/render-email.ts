/**
 * Alert and digest emails: React Email for the HTML, our own plain-text part (laid out for reading, not
 * converted from HTML), one-click unsubscribe headers (RFC 8058) and vendor tags. Deterministic for a given
 * input, so a retried send passes the vendor's idempotency check.
 */
import { render } from "@react-email/render";
import { createElement } from "react";
import type { AlertMessage } from "./alert-message";
import { formatEventStart, resolveOfficialLink, type FanLocale, type RenderOptions } from "./format";
import { describeAlert, type AlertContent } from "./kinds";
import type { RenderedEmail } from "./ports";
import { AlertEmail } from "./templates/alert-email";
import { DigestEmail, type DigestEmailItem } from "./templates/digest-email";

export interface DigestInput {
  fan: FanLocale;
  /** Why these alerts come together: a digest schedule, or quiet hours ending. */
  reason: "hourly" | "daily" | "quiet-hours";
  /** Oldest first; at least one. */
  alerts: readonly AlertMessage[];
  links: { alertsUrl: string; preferencesUrl: string; unsubscribeUrl: string };
}

/** RFC 8058 one-click unsubscribe: mailbox providers POST `List-Unsubscribe=One-Click` to the URL. */
export function buildUnsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** Resend tag values allow ASCII letters, digits, `_` and `-` only. */
export function toTagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 256);
}

function renderAlertText(content: AlertContent, message: AlertMessage, action: { url: string; isOfficial: boolean }): string {
  const lines = [content.headline, "", content.summary, ""];
  for (const fact of content.facts) lines.push(`${fact.label}: ${fact.value}`);
  lines.push("", `${action.isOfficial ? content.actionLabel : "Open the alert"}: ${action.url}`, "");
  for (const paragraph of content.paragraphs) lines.push(paragraph, "");
  lines.push(
    `This alert in Seatwatch: ${message.links.alertUrl}`,
    "",
    "--",
    `You get this because your watch "${message.watchName}" matched.`,
    `Alert settings: ${message.links.preferencesUrl}`,
    `Unsubscribe from this watch: ${message.links.unsubscribeUrl}`,
  );
  return lines.join("\n");
}

/** One alert as an email with HTML and text parts. */
export async function renderAlertEmail(message: AlertMessage, options: RenderOptions = {}): Promise<RenderedEmail> {
  const content = describeAlert(message);
  const action = resolveOfficialLink(message.event.officialUrl, message.links.alertUrl, { channel: "email", alertId: message.alertId }, options);
  const html = await render(
    createElement(AlertEmail, {
      content,
      actionUrl: action.url,
      isOfficialLink: action.isOfficial,
      alertUrl: message.links.alertUrl,
      unsubscribeUrl: message.links.unsubscribeUrl,
      preferencesUrl: message.links.preferencesUrl,
      watchName: message.watchName,
    }),
  );
  return {
    subject: content.subject,
    html,
    text: renderAlertText(content, message, action),
    headers: buildUnsubscribeHeaders(message.links.unsubscribeUrl),
    tags: [
      { name: "kind", value: message.kind },
      { name: "alert_id", value: toTagValue(message.alertId) },
    ],
  };
}

function describeDigest(input: DigestInput): { heading: string; intro: string } {
  const count = input.alerts.length;
  const noun = count === 1 ? "alert" : "alerts";
  if (input.reason === "quiet-hours") {
    return { heading: `While your quiet hours were on: ${count} ${noun}`, intro: `We held these until your quiet hours ended.` };
  }
  const period = input.reason === "hourly" ? "the last hour" : "the last day";
  return { heading: `${count} ${noun} from your watches`, intro: `What your watches found in ${period}.` };
}

/** Many alerts in one email; each entry links to its official page. */
export async function renderDigestEmail(input: DigestInput, options: RenderOptions = {}): Promise<RenderedEmail> {
  if (input.alerts.length === 0) throw new RangeError("a digest needs at least one alert");
  const { heading, intro } = describeDigest(input);
  const entries = input.alerts.map((message) => {
    const content = describeAlert(message);
    const action = resolveOfficialLink(message.event.officialUrl, message.links.alertUrl, { channel: "email", alertId: message.alertId }, options);
    const item: DigestEmailItem = {
      content,
      actionUrl: action.url,
      alertUrl: message.links.alertUrl,
      when: formatEventStart(message.event, input.fan),
    };
    return item;
  });
  const html = await render(
    createElement(DigestEmail, {
      heading,
      intro,
      items: entries,
      preferencesUrl: input.links.preferencesUrl,
      unsubscribeUrl: input.links.unsubscribeUrl,
    }),
  );
  const lines = [heading, "", intro, ""];
  entries.forEach((entry, index) => {
    lines.push(`${index + 1}. ${entry.content.headline}`, `   ${entry.when}`, `   ${entry.content.summary}`, `   ${entry.content.actionLabel}: ${entry.actionUrl}`, "");
  });
  lines.push(`All alerts: ${input.links.alertsUrl}`, "", "--", `Alert settings: ${input.links.preferencesUrl}`, `Unsubscribe: ${input.links.unsubscribeUrl}`);
  const first = entries[0]!.content.headline;
  return {
    subject: entries.length === 1 ? first : `${heading} — ${first}`,
    html,
    text: lines.join("\n"),
    headers: buildUnsubscribeHeaders(input.links.unsubscribeUrl),
    tags: [
      { name: "kind", value: "digest" },
      { name: "digest", value: input.reason.replace("-", "_") },
    ],
  };
}
