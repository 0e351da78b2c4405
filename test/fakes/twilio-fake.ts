/**
 * A Twilio-shaped HTTP server for `POST /2010-04-01/Accounts/{Sid}/Messages.json` (and the `GET` list, newest
 * first, filtered by To/From and paged, which delivery reconciliation reads): form-encoded, HTTP
 * Basic auth (20003), a per-account concurrency limit answered with 429 / 20429, Twilio's validation codes
 * (21211 invalid To, 21610 unsubscribed, 21614 not mobile, 21602/21603/21604/21606/21617), its magic test
 * numbers (+15005550001/2/4/9), a per-sender queue that releases segments at the sender's MPS (recorded as
 * `dispatchAt`, since Twilio accepts at once and queues), and STOP/START replies that opt a number out and back in — sent as real
 * signed inbound webhooks to the app (`sendInbound`). A message created with a `StatusCallback` URL gets
 * Twilio's status callbacks, signed the same way: `sent`, then `delivered` — or `undelivered`/`failed` with an
 * `ErrorCode` for numbers set up to fail (`setDeliveryFailure`).
 */
import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FailureScript, readRawBody, sendJson, startHttpServer, type InjectedFailure } from "./http-kit";

export interface StoredSms {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  numSegments: number;
  createdAt: string;
  /** When Twilio's per-sender queue lets it leave (segments ÷ the sender's MPS after the one before). */
  dispatchAt: string;
}

export interface TwilioFakeOptions {
  accountSid?: string;
  authToken?: string;
  /** Numbers this account owns (valid `From`). */
  ownedNumbers?: string[];
  messagingServiceSids?: string[];
  /** Requests in flight before 429 / 20429. */
  maxConcurrent?: number;
  /** How long each request takes, so concurrency can be exceeded. */
  latencyMs?: number;
  /** The return trip: how long an answer takes to leave after the request was handled (and any message stored). */
  answerDelayMs?: number;
  /** Numbers that are landlines (21614). */
  landlines?: string[];
  /** Segments per second each sender leaves the queue at (Twilio: 1 for a US long code, 3 toll-free, 100 short code). */
  senderMps?: number;
  /** Milliseconds between a message's status callbacks (default 5). */
  callbackDelayMs?: number;
  now?: () => number;
}

/** A status callback the fake posted, and how the app answered it. */
export interface PostedStatusCallback {
  url: string;
  sid: string;
  status: string;
  errorCode: string | null;
  /** The app's HTTP status, or null when it could not be reached. */
  responseStatus: number | null;
}

export interface DeliveryFailure {
  status: "undelivered" | "failed";
  /** Twilio's error code, e.g. 30003 (unreachable handset), 30005 (unknown number), 30007 (carrier filtering). */
  errorCode: number;
}

export interface TwilioFake {
  url: string;
  accountSid: string;
  authToken: string;
  messages: StoredSms[];
  requests: { path: string; status: number; code: number | null }[];
  /** Numbers that replied STOP. */
  optedOut: Set<string>;
  setMaxConcurrent(limit: number): void;
  setLatencyMs(ms: number): void;
  injectFailure(failure: InjectedFailure): void;
  /** Status callbacks posted so far, in order. */
  statusCallbacks: PostedStatusCallback[];
  /** Messages to this number end undelivered/failed with this error code instead of delivered. */
  setDeliveryFailure(to: string, failure: DeliveryFailure | null): void;
  /** Resolves when every status callback scheduled so far has been posted and answered. */
  settleStatusCallbacks(): Promise<void>;
  /** Sends an inbound SMS webhook to `url`, signed as Twilio signs it (or with a wrong token, to test refusal). */
  sendInbound(input: { url: string; from: string; to?: string; body: string; signWith?: string }): Promise<{ status: number; text: string }>;
  reset(): void;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"]);
const OPT_IN = new Set(["START", "YES", "UNSTOP"]);

function twilioError(status: number, code: number, message: string) {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/** Twilio's request signature: base64 HMAC-SHA1 over the URL followed by each POST param name+value, sorted by name. */
export function computeTwilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

function countSegments(body: string): number {
  const isAscii = /^[\x20-\x7e\n\r£€]*$/.test(body);
  const [single, multi] = isAscii ? [160, 153] : [70, 67];
  return body.length <= single ? 1 : Math.ceil(body.length / multi);
}

export async function startTwilioFake(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const accountSid = options.accountSid ?? `AC${"0".repeat(31)}1`;
  const authToken = options.authToken ?? "twilio-test-auth-token-0123456789";
  const owned = new Set(options.ownedNumbers ?? ["+15005550006"]);
  const services = new Set(options.messagingServiceSids ?? []);
  const landlines = new Set(options.landlines ?? []);
  const now = options.now ?? Date.now;
  let maxConcurrent = options.maxConcurrent ?? 10;
  let latencyMs = options.latencyMs ?? 0;
  let inFlight = 0;
  const failures = new FailureScript();
  const messages: StoredSms[] = [];
  /** The API resource of each message, as created (what the list answers with). */
  const resources = new Map<string, Record<string, unknown>>();
  const requests: TwilioFake["requests"] = [];
  const optedOut = new Set<string>();
  const senderFreeAt = new Map<string, number>();
  const senderMps = options.senderMps ?? 1;
  const callbackDelayMs = options.callbackDelayMs ?? 5;
  const statusCallbacks: PostedStatusCallback[] = [];
  const deliveryFailures = new Map<string, DeliveryFailure>();
  const pendingCallbacks = new Set<Promise<void>>();

  /** Posts one signed status callback, as Twilio does (form-encoded, `X-Twilio-Signature` over the exact URL). */
  async function postStatus(url: string, stored: StoredSms, status: string, errorCode: number | null): Promise<void> {
    const params: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: "2010-04-01",
      From: stored.from ?? "",
      MessageSid: stored.sid,
      MessageStatus: status,
      SmsSid: stored.sid,
      SmsStatus: status,
      To: stored.to,
      ...(stored.messagingServiceSid ? { MessagingServiceSid: stored.messagingServiceSid } : {}),
      ...(errorCode !== null ? { ErrorCode: String(errorCode) } : {}),
    };
    const posted: PostedStatusCallback = { url, sid: stored.sid, status, errorCode: errorCode === null ? null : String(errorCode), responseStatus: null };
    statusCallbacks.push(posted);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": computeTwilioSignature(authToken, url, params) },
        body: new URLSearchParams(params).toString(),
      });
      await response.arrayBuffer();
      posted.responseStatus = response.status;
    } catch {
      posted.responseStatus = null;
    }
  }

  /** `sent`, then the final status, each after a short delay; the list resource follows along. */
  function scheduleStatusCallbacks(stored: StoredSms): void {
    const url = stored.statusCallback;
    if (!url) return;
    const failure = deliveryFailures.get(stored.to) ?? null;
    const wait = () => new Promise((resolve) => setTimeout(resolve, callbackDelayMs));
    const run = (async () => {
      await wait();
      if (failure?.status !== "failed") {
        resources.set(stored.sid, { ...resources.get(stored.sid), status: "sent" });
        await postStatus(url, stored, "sent", null);
        await wait();
      }
      const final = failure?.status ?? "delivered";
      resources.set(stored.sid, { ...resources.get(stored.sid), status: final, error_code: failure?.errorCode ?? null });
      await postStatus(url, stored, final, failure?.errorCode ?? null);
    })();
    pendingCallbacks.add(run);
    void run.finally(() => pendingCallbacks.delete(run));
  }

  function createMessage(form: URLSearchParams): { status: number; body: unknown } {
    const to = form.get("To");
    const from = form.get("From");
    const serviceSid = form.get("MessagingServiceSid");
    const body = form.get("Body") ?? "";
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!from && !serviceSid) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!body && !form.get("MediaUrl")) return twilioError(400, 21602, "Message body is required.");
    if (body.length > 1600) return twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    if (serviceSid && !services.has(serviceSid)) return twilioError(400, 21701, `The Messaging Service Sid ${serviceSid} is invalid.`);
    if (from && !owned.has(from)) return twilioError(400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
    if (!E164.test(to) || to === "+15005550001") return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (to === "+15005550002") return twilioError(400, 21612, `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number via SMS.`);
    if (to === "+15005550009" || landlines.has(to)) return twilioError(400, 21614, `'To' number ${to} is not a valid mobile number`);
    if (to === "+15005550004" || optedOut.has(to)) return twilioError(400, 21610, "Attempt to send to unsubscribed recipient");
    const sid = `SM${randomBytes(16).toString("hex")}`;
    const created = new Date(now());
    const numSegments = countSegments(body);
    const sender = from ?? serviceSid!;
    const dispatchMs = Math.max(created.getTime(), senderFreeAt.get(sender) ?? 0);
    senderFreeAt.set(sender, dispatchMs + (numSegments * 1000) / senderMps);
    const stored: StoredSms = {
      sid,
      to,
      from,
      messagingServiceSid: serviceSid,
      body,
      statusCallback: form.get("StatusCallback"),
      numSegments,
      createdAt: created.toISOString(),
      dispatchAt: new Date(dispatchMs).toISOString(),
    };
    messages.push(stored);
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
    const resource = {
      account_sid: accountSid,
      api_version: "2010-04-01",
      body,
      date_created: created.toUTCString().replace("GMT", "+0000"),
      date_sent: null,
      date_updated: created.toUTCString().replace("GMT", "+0000"),
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: serviceSid,
      num_media: "0",
      num_segments: String(stored.numSegments),
      price: null,
      price_unit: "USD",
      sid,
      status: serviceSid ? "accepted" : "queued",
      subresource_uris: { media: uri.replace(".json", "/Media.json") },
      to,
      uri,
    };
    resources.set(sid, resource);
    scheduleStatusCallbacks(stored);
    return { status: 201, body: resource };
  }

  /** `GET …/Messages.json?To=&From=&PageSize=&Page=`: newest first, paged as Twilio pages (next_page_uri). */
  function listMessages(path: string, query: URLSearchParams): { status: number; body: unknown } {
    const to = query.get("To");
    const from = query.get("From");
    const pageSize = Math.min(1000, Math.max(1, Number(query.get("PageSize") ?? 50)));
    const page = Math.max(0, Number(query.get("Page") ?? 0));
    const matching = messages.filter((message) => (!to || message.to === to) && (!from || message.from === from)).reverse();
    const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    const pageUri = (n: number) => `${path}?${new URLSearchParams({ ...(to ? { To: to } : {}), ...(from ? { From: from } : {}), PageSize: String(pageSize), Page: String(n) })}`;
    return {
      status: 200,
      body: {
        messages: slice.map((message) => resources.get(message.sid)),
        page,
        page_size: pageSize,
        start: page * pageSize,
        end: page * pageSize + Math.max(0, slice.length - 1),
        uri: pageUri(page),
        first_page_uri: pageUri(0),
        previous_page_uri: page > 0 ? pageUri(page - 1) : null,
        next_page_uri: (page + 1) * pageSize < matching.length ? pageUri(page + 1) : null,
      },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const raw = (await readRawBody(req)).toString("utf8");
    const answer = (result: { status: number; body: unknown }) => {
      const code = (result.body as { code?: number }).code ?? null;
      requests.push({ path, status: result.status, code });
      if (options.answerDelayMs) setTimeout(() => sendJson(res, result.status, result.body), options.answerDelayMs);
      else sendJson(res, result.status, result.body);
    };
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (req.headers.authorization !== expected || (match && match[1] !== accountSid)) return answer(twilioError(401, 20003, "Authenticate"));
    if (match && req.method === "GET") return answer(listMessages(path, new URL(req.url ?? "/", "http://fake").searchParams));
    if (!match || req.method !== "POST") return answer(twilioError(404, 20404, "The requested resource was not found"));
    if (inFlight >= maxConcurrent) return answer(twilioError(429, 20429, "Too Many Requests"));
    inFlight++;
    try {
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const injected = failures.take(path);
      if (injected) return answer({ status: injected.status, body: injected.body });
      if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
        return answer(twilioError(400, 21620, "Invalid media type: expected application/x-www-form-urlencoded"));
      }
      return answer(createMessage(new URLSearchParams(raw)));
    } finally {
      inFlight--;
    }
  }

  const server = await startHttpServer(handle);
  return {
    url: server.url,
    accountSid,
    authToken,
    messages,
    requests,
    optedOut,
    setMaxConcurrent(limit) {
      maxConcurrent = limit;
    },
    setLatencyMs(ms) {
      latencyMs = ms;
    },
    injectFailure: (failure) => failures.add(failure),
    statusCallbacks,
    setDeliveryFailure(to, failure) {
      if (failure) deliveryFailures.set(to, failure);
      else deliveryFailures.delete(to);
    },
    async settleStatusCallbacks() {
      while (pendingCallbacks.size > 0) await Promise.all([...pendingCallbacks]);
    },
    async sendInbound(input) {
      const to = input.to ?? [...owned][0]!;
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: "2010-04-01",
        Body: input.body,
        From: input.from,
        MessageSid: `SM${randomBytes(16).toString("hex")}`,
        NumMedia: "0",
        To: to,
      };
      const keyword = input.body.trim().toUpperCase();
      if (OPT_OUT.has(keyword)) optedOut.add(input.from);
      if (OPT_IN.has(keyword)) optedOut.delete(input.from);
      const response = await fetch(input.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-Twilio-Signature": computeTwilioSignature(input.signWith ?? authToken, input.url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      return { status: response.status, text: await response.text() };
    },
    reset() {
      messages.length = 0;
      resources.clear();
      requests.length = 0;
      optedOut.clear();
      senderFreeAt.clear();
      failures.clear();
      statusCallbacks.length = 0;
      deliveryFailures.clear();
    },
    close: () => server.close(),
  };
}
