/**
 * Webhook bodies. Discord and Slack incoming webhooks each want their own JSON; other URLs get a generic body
 * that carries both `content` and `text` (so it still shows up in either) plus the structured alert.
 * Event names come from third parties: mentions are disabled and markup characters escaped.
 */
import type { AlertMessage } from "./alert-message";
import { resolveOfficialLink, type RenderOptions } from "./format";
import { describeAlert, type AlertTone } from "./kinds";
import type { WebhookFormat } from "./ports";

/** Discord and Slack by their webhook hosts; anything else is generic. */
export function detectWebhookFormat(url: string): WebhookFormat {
  const { hostname, pathname } = new URL(url);
  const host = hostname.toLowerCase();
  if (/(^|\.)(discord|discordapp)\.com$/.test(host) && pathname.startsWith("/api/webhooks/")) return "discord";
  if (host === "hooks.slack.com") return "slack";
  return "generic";
}

const DISCORD_COLOURS: Record<AlertTone, number> = { urgent: 0xb42318, "good-news": 0x067647, info: 0x1849a9, "bad-news": 0x7a2e0e };

/** Slack mrkdwn needs only &, < and > escaped. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Discord markdown: escape formatting characters so a name cannot style or mask a link. */
function escapeDiscord(text: string): string {
  return text.replace(/([\\*_~`|>[\]#])/g, "\\$1");
}

export function renderWebhookBody(message: AlertMessage, format: WebhookFormat, options: RenderOptions = {}): unknown {
  const content = describeAlert(message);
  const link = resolveOfficialLink(message.event.officialUrl, message.links.alertUrl, { channel: "webhook", alertId: message.alertId }, options);
  if (format === "discord") {
    return {
      content: escapeDiscord(content.headline),
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: content.headline.slice(0, 256),
          url: link.url,
          description: `${escapeDiscord(content.summary)}\n\n[${content.actionLabel}](${link.url})`.slice(0, 4096),
          color: DISCORD_COLOURS[content.tone],
          fields: content.facts.slice(0, 25).map((fact) => ({ name: fact.label.slice(0, 256), value: fact.value.slice(0, 1024), inline: false })),
        },
      ],
    };
  }
  if (format === "slack") {
    const facts = content.facts.map((fact) => `*${escapeSlack(fact.label)}:* ${escapeSlack(fact.value)}`).join("\n");
    return {
      text: `${content.headline} ${link.url}`,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `*${escapeSlack(content.headline)}*\n${escapeSlack(content.summary)}` } },
        { type: "section", text: { type: "mrkdwn", text: facts } },
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: content.actionLabel }, url: link.url }] },
      ],
    };
  }
  return {
    type: "seatwatch.alert",
    text: `${content.headline} ${link.url}`,
    content: `${content.headline} ${link.url}`,
    alert: {
      id: message.alertId,
      kind: message.kind,
      headline: content.headline,
      summary: content.summary,
      facts: content.facts,
      url: link.url,
      alertUrl: message.links.alertUrl,
      event: message.event,
      watchName: message.watchName,
    },
  };
}

/** The settings page's "send a test" body, in the URL's format, so the fan sees exactly where alerts will land. */
export function renderWebhookTestBody(format: WebhookFormat, settingsUrl: string): unknown {
  const headline = "Seatwatch test message";
  const summary = "This webhook works: your ticket alerts will arrive here.";
  if (format === "discord") {
    return { content: headline, allowed_mentions: { parse: [] }, embeds: [{ title: headline, url: settingsUrl, description: summary, color: DISCORD_COLOURS.info }] };
  }
  if (format === "slack") return { text: `${headline}: ${summary} ${settingsUrl}` };
  return { type: "seatwatch.test", text: `${headline}: ${summary}`, content: `${headline}: ${summary}`, settingsUrl };
}
