/**
 * Resend's request validation for `POST /emails` and each item of `POST /emails/batch`, with its error
 * names and messages (422 `validation_error` / `missing_required_field`, 403 for an unverified domain).
 */
export interface ResendError {
  statusCode: number;
  name: string;
  message: string;
}

export interface ValidEmail {
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  replyTo: string[];
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>$/;
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;
const FORMAT_HINT = "The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";

/** The bare address of `email@x.y` or `Name <email@x.y>`, or null. */
export function parseAddress(value: string): string | null {
  const trimmed = value.trim();
  if (ADDRESS.test(trimmed)) return trimmed.toLowerCase();
  const named = NAMED_ADDRESS.exec(trimmed);
  return named ? named[1]!.toLowerCase() : null;
}

const invalid = (message: string): ResendError => ({ statusCode: 422, name: "validation_error", message });
const missing = (field: string): ResendError => ({ statusCode: 422, name: "missing_required_field", message: `Missing \`${field}\` field.` });

function toList(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  return null;
}

export function validateEmail(body: unknown, options: { verifiedDomains: readonly string[] | null; isBatchItem: boolean }): ValidEmail | ResendError {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return invalid("The request body must be a JSON object.");
  const input = body as Record<string, unknown>;
  if (input.from === undefined || input.from === null || input.from === "") return missing("from");
  if (input.to === undefined || input.to === null) return missing("to");
  if (input.subject === undefined || input.subject === null || input.subject === "") return missing("subject");
  if (typeof input.from !== "string" || !parseAddress(input.from)) return invalid(`Invalid \`from\` field. ${FORMAT_HINT}`);
  const to = toList(input.to);
  if (!to || to.length === 0 || to.some((address) => !parseAddress(address))) return invalid(`Invalid \`to\` field. ${FORMAT_HINT}`);
  if (to.length > 50) return invalid("Invalid `to` field. You can only send to 50 recipients per email.");
  const html = typeof input.html === "string" ? input.html : null;
  const text = typeof input.text === "string" ? input.text : null;
  if (html === null && text === null) return invalid("Missing `html` or `text` field.");
  if (options.isBatchItem && (input.attachments !== undefined || input.scheduled_at !== undefined)) {
    return invalid("The `attachments` and `scheduled_at` fields are not supported in batch emails.");
  }
  const headers: Record<string, string> = {};
  if (input.headers !== undefined) {
    if (typeof input.headers !== "object" || input.headers === null) return invalid("Invalid `headers` field.");
    for (const [name, value] of Object.entries(input.headers)) {
      if (typeof value !== "string") return invalid(`Invalid \`headers\` field: ${name} must be a string.`);
      headers[name] = value;
    }
  }
  const tags: { name: string; value: string }[] = [];
  if (input.tags !== undefined) {
    if (!Array.isArray(input.tags)) return invalid("Invalid `tags` field.");
    for (const tag of input.tags as { name?: unknown; value?: unknown }[]) {
      if (typeof tag.name !== "string" || typeof tag.value !== "string" || !TAG_PART.test(tag.name) || !TAG_PART.test(tag.value)) {
        return invalid("Tags should only contain ASCII letters, numbers, underscores, or dashes.");
      }
      tags.push({ name: tag.name, value: tag.value });
    }
  }
  const fromDomain = parseAddress(input.from)!.split("@")[1]!;
  if (options.verifiedDomains && !options.verifiedDomains.includes(fromDomain)) {
    return {
      statusCode: 403,
      name: "validation_error",
      message: `The ${fromDomain} domain is not verified. Please, add and verify your domain on https://resend.com/domains`,
    };
  }
  return { from: input.from, to, subject: String(input.subject), html, text, headers, tags, replyTo: toList(input.reply_to) ?? [] };
}

export function isResendError(value: ValidEmail | ResendError): value is ResendError {
  return "statusCode" in value;
}
