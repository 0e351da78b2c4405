/**
 * SMS through the Twilio SDK. The SDK's `edge`/`region` options only change the hostname, so the supported
 * way to reach a fake is its `httpClient` option: a RequestClient subclass that swaps the origin of every
 * request for our base URL (and captures each raw answer, whose headers the SDK's exceptions drop).
 * Twilio answers 429 (error 20429) past an account's concurrency limit, so sends go through a bounded pool.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type Response from "twilio/lib/http/response";
import { systemClock, type Clock } from "@/server/providers/http/clock";
import { Pacer } from "@/server/providers/http/pacer";
import { createDeliveryError, describeThrown, parseRetryAfterMs, permanentOutcome, readHeader, retryOutcome, sentOutcome } from "./outcome";
import type { DeliveryOutcome, SendOptions, SmsChannel, SmsDelivery } from "./ports";

/**
 * Requests in flight per account. Twilio answers 429/20429 past its concurrency limit (issue 5; Twilio's
 * "API concurrency" docs) and does not publish one number for every account; 10 is our conservative cap.
 */
export const TWILIO_DEFAULT_MAX_CONCURRENT = 10;
/** A 429 without Retry-After: back off one second (Twilio's 429 guidance: exponential backoff). */
const DEFAULT_RATE_LIMIT_RETRY_MS = 1000;
/** Credentials or sender problems need an admin; look again later instead of failing the delivery. */
const CONFIG_RETRY_MS = 15 * 60_000;

/** Twilio error codes that mean "this recipient will never get it" (Twilio error dictionary). */
const RECIPIENT_ERRORS: Record<number, "invalid-recipient" | "unsubscribed"> = {
  21211: "invalid-recipient", // invalid 'To' phone number
  21214: "invalid-recipient", // 'To' number cannot be reached
  21217: "invalid-recipient", // phone number does not appear to be valid
  21408: "invalid-recipient", // permission to send to this region is not enabled
  21610: "unsubscribed", // the recipient replied STOP
  21612: "invalid-recipient", // cannot route to this number
  21614: "invalid-recipient", // 'To' is not a mobile number
};
/** Codes that point at our configuration (sender, service, credentials). */
const CONFIG_ERRORS = new Set([20003, 20404, 21212, 21606, 21659, 21701, 21703, 21705]);

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** A Twilio number in E.164; or use a messaging service. */
  from?: string;
  messagingServiceSid?: string;
  /** For fakes: replaces `https://api.twilio.com` in every request. */
  baseUrl?: string;
  /** Delivery status callbacks (the lead's route), optional. */
  statusCallbackUrl?: string;
  maxConcurrent?: number;
  timeoutMs?: number;
  clock?: Clock;
  onCall?(info: { status: number | null; code: number | null }): void;
}

interface RawAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

type Capture = { answer?: RawAnswer };

function toHeaderRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === "object") {
    for (const [key, value] of Object.entries(headers as Record<string, unknown>)) if (value !== undefined) out[key.toLowerCase()] = String(value);
  }
  return out;
}

function createRequestClient(baseUrl: string | undefined, capture: AsyncLocalStorage<Capture>, timeoutMs: number): RequestClient {
  const base = baseUrl ? new URL(baseUrl) : null;
  class BaseUrlRequestClient extends twilio.RequestClient {
    override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
      let uri = opts.uri;
      if (base) {
        const original = new URL(opts.uri);
        uri = `${base.origin}${base.pathname.replace(/\/$/, "")}${original.pathname}${original.search}`;
      }
      const response = await super.request({ ...opts, uri });
      const store = capture.getStore();
      if (store) store.answer = { status: response.statusCode, body: response.body, headers: toHeaderRecord(response.headers) };
      return response;
    }
  }
  return new BaseUrlRequestClient({ timeout: timeoutMs, autoRetry: false });
}

function readTwilioError(body: unknown): { code: number | null; message: string } {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return { code: null, message: body.slice(0, 200) };
    }
  }
  const record = (parsed ?? {}) as { code?: unknown; message?: unknown; detail?: unknown; title?: unknown };
  const code = typeof record.code === "number" ? record.code : null;
  const message = String(record.message ?? record.detail ?? record.title ?? "no message");
  return { code, message };
}

/** The outcome of a Twilio error answer. */
export function interpretTwilioAnswer(answer: RawAnswer, nowMs: number, secrets: readonly string[] = []): DeliveryOutcome {
  const { code, message } = readTwilioError(answer.body);
  const details = { httpStatus: answer.status, vendorCode: code, secrets };
  const text = `Twilio ${answer.status}${code ? ` error ${code}` : ""}: ${message}`;
  if (answer.status === 429 || code === 20429) {
    const waitMs = parseRetryAfterMs(readHeader(answer.headers, "retry-after"), nowMs) ?? DEFAULT_RATE_LIMIT_RETRY_MS;
    return retryOutcome(createDeliveryError("rate-limited", text, details), new Date(nowMs + waitMs));
  }
  if (code !== null && RECIPIENT_ERRORS[code]) return permanentOutcome(createDeliveryError(RECIPIENT_ERRORS[code], text, details));
  if (answer.status === 401 || answer.status === 403 || (code !== null && CONFIG_ERRORS.has(code))) {
    return retryOutcome(createDeliveryError("provider-config", text, details), new Date(nowMs + CONFIG_RETRY_MS));
  }
  if (answer.status >= 500) return retryOutcome(createDeliveryError("unavailable", text, details));
  return permanentOutcome(createDeliveryError("rejected", text, details));
}

/** Status callbacks carry the delivery key, so the callback route (and reconciliation) can find the row. */
function withDeliveryKey(callbackUrl: string, key: string): string {
  const url = new URL(callbackUrl);
  url.searchParams.set("delivery", key);
  return url.toString();
}

export function createTwilioSmsChannel(options: TwilioSmsOptions): SmsChannel {
  if (!options.from && !options.messagingServiceSid) throw new Error("Twilio SMS needs a from number or a messaging service SID");
  const clock = options.clock ?? systemClock;
  const capture = new AsyncLocalStorage<Capture>();
  const client = twilio(options.accountSid, options.authToken, {
    httpClient: createRequestClient(options.baseUrl, capture, options.timeoutMs ?? 15_000),
    autoRetry: false,
  });
  const pool = new Pacer({ minGapMs: 0, concurrency: options.maxConcurrent ?? TWILIO_DEFAULT_MAX_CONCURRENT, clock });
  const secrets = [options.authToken];

  async function send(delivery: SmsDelivery, sendOptions: SendOptions = {}): Promise<DeliveryOutcome> {
    if (!/^\+[1-9]\d{6,14}$/.test(delivery.to)) {
      return permanentOutcome(createDeliveryError("invalid-recipient", `not an E.164 number: ${delivery.to}`));
    }
    const store: Capture = {};
    try {
      const message = await pool.run(
        () =>
          capture.run(store, () =>
            client.messages.create({
              to: delivery.to,
              body: delivery.body,
              ...(options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : { from: options.from }),
              ...(options.statusCallbackUrl ? { statusCallback: withDeliveryKey(options.statusCallbackUrl, delivery.idempotencyKey) } : {}),
            }),
          ),
        sendOptions.signal,
      );
      options.onCall?.({ status: store.answer?.status ?? 201, code: null });
      return sentOutcome(message.sid);
    } catch (error) {
      if (sendOptions.signal?.aborted) throw error;
      const answer = store.answer;
      if (!answer || answer.status < 400) {
        options.onCall?.({ status: null, code: null });
        return retryOutcome(createDeliveryError("unavailable", `Twilio call failed: ${describeThrown(error)}`, { secrets }));
      }
      const outcome = interpretTwilioAnswer(answer, clock.now(), secrets);
      options.onCall?.({ status: answer.status, code: outcome.status === "sent" ? null : Number(outcome.error.vendorCode) || null });
      if (outcome.status === "retry" && outcome.error.code === "rate-limited" && outcome.retryAt) pool.holdUntil(outcome.retryAt.getTime());
      return outcome;
    }
  }

  return { vendor: "twilio", send };
}
