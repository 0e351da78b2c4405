/**
 * A fan's webhook endpoint: checks `X-Seatwatch-Signature` (HMAC-SHA256 of `<timestamp>.<body>`, computed
 * here independently of the sender's code) and the timestamp window, refuses bad signatures with 401,
 * records everything, and can be scripted to answer 429 / 410 / 500 like Discord or Slack would.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FailureScript, readRawBody, startHttpServer, type InjectedFailure } from "./http-kit";

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  json: unknown;
  isSignatureValid: boolean;
  deliveryId: string | null;
  status: number;
}

export interface WebhookReceiverFake {
  url: string;
  received: ReceivedWebhook[];
  /** Only the calls that passed the signature check. */
  readonly accepted: ReceivedWebhook[];
  injectFailure(failure: InjectedFailure): void;
  reset(): void;
  close(): Promise<void>;
}

function isSignedBy(secret: string, timestamp: string | undefined, signature: string | undefined, body: string, nowMs: number, toleranceSeconds: number): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function startWebhookReceiverFake(options: { secret: string; toleranceSeconds?: number; now?: () => number }): Promise<WebhookReceiverFake> {
  const now = options.now ?? Date.now;
  const failures = new FailureScript();
  const received: ReceivedWebhook[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const body = (await readRawBody(req)).toString("utf8");
    const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : undefined);
    const isSignatureValid = isSignedBy(options.secret, header("x-seatwatch-timestamp"), header("x-seatwatch-signature"), body, now(), options.toleranceSeconds ?? 300);
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      // recorded as text only
    }
    const injected = isSignatureValid ? failures.take(path) : null;
    const status = !isSignatureValid ? 401 : (injected?.status ?? 204);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers[name] = value;
    received.push({ path, headers, body, json, isSignatureValid, deliveryId: header("x-seatwatch-delivery") ?? null, status });
    const responseBody = injected ? JSON.stringify(injected.body) : !isSignatureValid ? JSON.stringify({ message: "invalid signature" }) : "";
    res.writeHead(status, { "Content-Type": "application/json", ...(injected?.headers ?? {}) });
    res.end(status === 204 ? undefined : responseBody);
  }

  const server = await startHttpServer(handle);
  return {
    url: server.url,
    received,
    get accepted() {
      return received.filter((call) => call.isSignatureValid && call.status < 300);
    },
    injectFailure: (failure) => failures.add(failure),
    reset() {
      received.length = 0;
      failures.clear();
    },
    close: () => server.close(),
  };
}
