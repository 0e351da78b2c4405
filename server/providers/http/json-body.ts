/**
 * Vendors answer JSON endpoints with HTML (gateway error pages, CAPTCHA walls) or truncated JSON; callers need
 * to tell those apart from a valid body before any schema sees it.
 */

export type JsonBody = { ok: true; value: unknown } | { ok: false; reason: "html" | "empty" | "malformed" };

/** Parses a response body as JSON, recognising HTML regardless of the declared content type. */
export function parseJsonBody(text: string, contentType: string | null): JsonBody {
  const trimmed = text.trimStart();
  if (trimmed === "") return { ok: false, reason: "empty" };
  if (/^text\/html/i.test(contentType ?? "") || trimmed.startsWith("<")) return { ok: false, reason: "html" };
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    return { ok: false, reason: "malformed" };
  }
}
