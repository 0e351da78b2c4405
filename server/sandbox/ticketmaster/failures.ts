/**
 * Failure injection: the next N Discovery requests that pass the gateway fail in a chosen way, so clients'
 * retry, timeout and content-type handling can be exercised. Injected failures sit behind the gateway (they
 * count against the quota, as a real backend failure would).
 */
import type { ServerResponse } from "node:http";

export type FailureSpec =
  | { kind: "status"; status: number; count?: number }
  | { kind: "hang"; count?: number; /** Real ms before the socket is dropped; omitted = until close. */ ms?: number }
  | { kind: "html"; status?: number; count?: number }
  | { kind: "malformed-json"; count?: number };

interface PendingFailure {
  spec: FailureSpec;
  remaining: number;
}

export class FailureQueue {
  private pending: PendingFailure[] = [];

  add(spec: FailureSpec): void {
    const count = Math.max(1, Math.floor(spec.count ?? 1));
    this.pending.push({ spec, remaining: count });
  }

  /** Takes the failure for the next request, if any. */
  take(): FailureSpec | null {
    const head = this.pending[0];
    if (!head) return null;
    head.remaining -= 1;
    if (head.remaining <= 0) this.pending.shift();
    return head.spec;
  }

  list(): { spec: FailureSpec; remaining: number }[] {
    return this.pending.map((p) => ({ spec: p.spec, remaining: p.remaining }));
  }

  clear(): void {
    this.pending = [];
  }
}

const STATUS_TEXT: Record<number, string> = { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };

/** Apigee's fault codes for backend trouble, so the body looks like the gateway produced it. */
const GATEWAY_CODES: Record<number, string> = {
  503: "messaging.adaptors.http.flow.ServiceUnavailable",
  504: "messaging.adaptors.http.flow.GatewayTimeout",
};

/** The call-log code for an injected failure. */
export function describeFailure(spec: FailureSpec): { status: number; errorCode: string } {
  if (spec.kind === "status") return { status: spec.status, errorCode: `injected-${spec.status}` };
  if (spec.kind === "html") return { status: spec.status ?? 200, errorCode: "injected-html" };
  if (spec.kind === "malformed-json") return { status: 200, errorCode: "injected-malformed-json" };
  return { status: 0, errorCode: "injected-hang" };
}

/** Writes the failure; for `hang` it writes nothing and optionally drops the socket later. */
export function sendFailure(res: ServerResponse, spec: FailureSpec): void {
  if (spec.kind === "hang") {
    if (spec.ms !== undefined) {
      const timer = setTimeout(() => res.socket?.destroy(), spec.ms);
      res.on("close", () => clearTimeout(timer));
    }
    return;
  }
  if (spec.kind === "html") {
    const status = spec.status ?? 200;
    const body = `<!DOCTYPE html><html><head><title>${STATUS_TEXT[status] ?? "Error"}</title></head><body><h1>Something went wrong</h1><p>Please try again later.</p></body></html>`;
    res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" }).end(body);
    return;
  }
  if (spec.kind === "malformed-json") {
    res.writeHead(200, { "Content-Type": "application/json;charset=utf-8" }).end('{"_embedded":{"events":[{"name":"Trunc');
    return;
  }
  const body = JSON.stringify({
    fault: { faultstring: STATUS_TEXT[spec.status] ?? "Error", detail: { errorcode: GATEWAY_CODES[spec.status] ?? "messaging.adaptors.http.flow.ErrorResponseCode" } },
  });
  res.writeHead(spec.status, { "Content-Type": "application/json;charset=utf-8" }).end(body);
}
