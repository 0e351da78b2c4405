/**
 * Structured logs (pino, one JSON object per line on stdout) that never hold a credential or a full phone
 * number: every object logged is walked before it is written, secret-named fields are replaced, phone
 * numbers are cut to their last digits, and strings lose bearer tokens, secret query parameters and our
 * API tokens. Requests carry a request id (see request-id.ts) through `log.child({ requestId })`.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";

export type { Logger } from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REDACTED = "[redacted]";

/** Field names (lower-cased, without `-`/`_`) whose values are credentials, whatever they look like. */
const SECRET_FIELD = /password|passwd|passphrase|^pass$|secret|token|apikey|^key$|privatekey|authorization|^auth$|cookie|signature|^otp$|verificationcode|^p256dh$/;
/** Field names that hold a phone number whatever its format (`to`/`from` only when they start with +, below). */
const PHONE_FIELD = /phone|^e164$|mobile|msisdn/;
/** A one-time code under a field named `code` (6 digits here; 4–8 covers other senders). */
const ONE_TIME_CODE = /^\d{4,8}$/;

const SECRET_PARAMS = "token|access_token|refresh_token|id_token|api_?key|apikey|key|secret|client_secret|password|signature|sig|code|otp|auth";
const QUERY_SECRET = new RegExp(`([?&;](?:${SECRET_PARAMS})=)[^&#\\s"'<>]+`, "gi");
const BEARER = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** Our personal API tokens (`sw_` + 43 base64url characters) wherever they appear. */
const API_TOKEN = /\bsw_[A-Za-z0-9_-]{20,}/g;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;
/**
 * Tokens that are a path segment: Better Auth's emailed reset link (/api/auth/reset-password/<token>) and the
 * calendar feed's secret address (/api/calendar/<token>), which the request log line would otherwise hold.
 */
const TOKEN_IN_PATH = /(\/reset-password\/|\/api\/calendar\/)[^/?#\s"']+/gi;
/** `+44 7700 900123`, `+1 (555) 010-0000`, `+447700900123`: a plus, then 7–15 digits with separators. */
const PHONE_IN_TEXT = /\+\d[\d\s().-]{5,20}\d/g;
/** Secret-named fields inside JSON text (a tRPC query's input, a vendor's error body). */
const JSON_SECRET_FIELD = /("(?:\w*password|\w*token|\w*secret|api_?key|authorization|cookie|otp)"\s*:\s*")[^"]*/gi;
const JSON_ONE_TIME_CODE = /("code"\s*:\s*")\d{4,8}(?=")/gi;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "");
}

/** `+447700900123` → `•••0123` (last 4 digits; last 2 when the number is short). */
export function maskPhone(text: string): string {
  const digits = text.replace(/\D/g, "");
  if (digits.length < 4) return "•••";
  return `•••${digits.slice(digits.length >= 10 ? -4 : -2)}`;
}

function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (match) => ((match.match(/\d/g)?.length ?? 0) >= 7 ? maskPhone(match) : match));
}

/** Percent-encoded text (query strings) decoded, so `%22password%22` and `%2B44…` are seen for what they are. */
function decodePercentEscapes(text: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Scrubs credentials and phone numbers out of free text (messages, URLs, error stacks). */
export function scrubText(text: string): string {
  return maskPhonesInText(
    decodePercentEscapes(text)
      .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
      .replace(BEARER, `$1 ${REDACTED}`)
      .replace(API_TOKEN, REDACTED)
      .replace(QUERY_SECRET, `$1${REDACTED}`)
      .replace(JSON_SECRET_FIELD, `$1${REDACTED}`)
      .replace(JSON_ONE_TIME_CODE, `$1${REDACTED}`)
      .replace(TOKEN_IN_PATH, `$1${REDACTED}`),
  );
}

function redactField(key: string, value: unknown, depth: number, seen: WeakSet<object>): unknown {
  const name = normalizeKey(key);
  if (value === null || value === undefined || typeof value === "boolean") return value;
  if (SECRET_FIELD.test(name)) return REDACTED;
  if (name === "code" && ONE_TIME_CODE.test(String(value))) return REDACTED;
  if (PHONE_FIELD.test(name) && (typeof value === "string" || typeof value === "number")) {
    const text = String(value);
    return (text.match(/\d/g)?.length ?? 0) >= 7 ? maskPhone(text) : scrubText(text);
  }
  return redactValue(value, depth + 1, seen);
}

/** A copy of `value` safe to log (see the module comment). Cycles and depth beyond 8 are cut. */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "[deep]";
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (value instanceof Error) {
    const error = value as Error & { code?: unknown; cause?: unknown };
    return {
      type: error.name,
      message: scrubText(error.message),
      stack: error.stack ? scrubText(error.stack) : undefined,
      ...(error.code !== undefined ? { code: redactValue(error.code, depth + 1, seen) } : {}),
      ...(error.cause !== undefined ? { cause: redactValue(error.cause, depth + 1, seen) } : {}),
    };
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof URL) return scrubText(value.toString());
  if (value instanceof Headers) return redactValue(Object.fromEntries(value.entries()), depth, seen);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactField(key, item, depth, seen);
  return out;
}

function defaultLevel(): LogLevel {
  const requested = process.env.LOG_LEVEL?.trim().toLowerCase();
  if (requested && (LOG_LEVELS as readonly string[]).includes(requested)) return requested as LogLevel;
  return process.env.NODE_ENV === "test" ? "warn" : "info";
}

export interface CreateLoggerOptions {
  level?: LogLevel;
  /** Where lines go (tests pass a stream to read them back); stdout by default. */
  destination?: DestinationStream;
}

/** A logger that redacts everything it writes. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? defaultLevel(),
    base: { service: "seatwatch" },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Errors are already reduced to { type, message, stack } by redactValue (formatters run first).
    serializers: { err: (value: unknown) => value },
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redactValue(object) as Record<string, unknown>,
    },
    hooks: {
      // The message and its printf arguments are scrubbed as well as the merged object.
      logMethod(args, method) {
        const scrubbed = args.map((arg, index) => (typeof arg === "string" ? scrubText(arg) : index > 0 ? redactValue(arg) : arg));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

const globalForLog = globalThis as unknown as { seatwatchLog?: Logger };

/** The process-wide logger (shared across Next's bundles through globalThis). */
export const log: Logger = (globalForLog.seatwatchLog ??= createLogger());
