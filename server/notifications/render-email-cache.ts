/**
 * Fan-out rendering. One change can alert thousands of fans, and a React render costs a few milliseconds —
 * more than the Resend batch pacing leaves per email (issue 5: 10,000 emails in ~20 s). Fans of one alert
 * differ only in their links, watch name and alert id (and zone/locale, which stay in the cache key), so we
 * render once with placeholders and substitute per fan, escaping exactly as React does: the result is
 * byte-for-byte what `renderAlertEmail` returns, so retries through either path pass the idempotency check.
 */
import type { AlertMessage } from "./alert-message";
import type { RenderOptions } from "./format";
import type { RenderedEmail } from "./ports";
import { renderAlertEmail, toTagValue } from "./render-email";

// Letters, digits and URL-safe punctuation only: React and encodeURIComponent leave them untouched.
const PLACEHOLDER = {
  alertUrl: "https://seatwatch-placeholder.invalid/alert-url",
  unsubscribeUrl: "https://seatwatch-placeholder.invalid/unsubscribe-url",
  preferencesUrl: "https://seatwatch-placeholder.invalid/preferences-url",
  watchName: "SEATWATCHPLACEHOLDERWATCHNAME",
  alertId: "SEATWATCHPLACEHOLDERALERTID",
} as const;

/** React DOM's escaping of text and attribute values. */
function escapeLikeReact(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[char]!);
}

function substitute(text: string, values: Record<keyof typeof PLACEHOLDER, string>, escape: (value: string) => string): string {
  let out = text;
  for (const key of Object.keys(PLACEHOLDER) as (keyof typeof PLACEHOLDER)[]) out = out.split(PLACEHOLDER[key]).join(escape(values[key]));
  return out;
}

export interface CachedEmailRenderer {
  render(message: AlertMessage): Promise<RenderedEmail>;
  readonly stats: { hits: number; misses: number };
}

/** A renderer that reuses one React render per distinct alert content; keep one per fan-out or worker. */
export function createCachedAlertEmailRenderer(options: RenderOptions & { maxEntries?: number } = {}): CachedEmailRenderer {
  const cache = new Map<string, Promise<RenderedEmail>>();
  const maxEntries = options.maxEntries ?? 256;
  const stats = { hits: 0, misses: 0 };

  async function render(message: AlertMessage): Promise<RenderedEmail> {
    const template: AlertMessage = {
      ...message,
      alertId: PLACEHOLDER.alertId,
      watchName: PLACEHOLDER.watchName,
      links: { alertUrl: PLACEHOLDER.alertUrl, unsubscribeUrl: PLACEHOLDER.unsubscribeUrl, preferencesUrl: PLACEHOLDER.preferencesUrl },
    };
    const key = JSON.stringify(template);
    let rendered = cache.get(key);
    if (rendered) stats.hits++;
    else {
      stats.misses++;
      rendered = renderAlertEmail(template, options);
      cache.set(key, rendered);
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    }
    const email = await rendered;
    const values = { ...message.links, watchName: message.watchName, alertId: message.alertId };
    const raw = (value: string) => value;
    return {
      subject: substitute(email.subject, values, raw),
      html: substitute(email.html, values, escapeLikeReact),
      text: substitute(email.text, values, raw),
      headers: Object.fromEntries(Object.entries(email.headers).map(([name, value]) => [name, substitute(value, values, raw)])),
      tags: email.tags.map((tag) => ({ name: tag.name, value: tag.value === PLACEHOLDER.alertId ? toTagValue(message.alertId) : tag.value })),
    };
  }

  return { render, stats };
}
