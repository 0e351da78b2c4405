/**
 * Plumbing shared by the notification-vendor fakes: raw bodies, a sliding-window limiter like the vendors'
 * ("N requests in any second"), and starting/stopping a node:http server on a free port.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { closeServer, listen } from "@/server/sandbox/http-util";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 and a free port; handler errors answer 500 instead of crashing the test. */
export async function startHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<RunningServer> {
  const listener: RequestListener = (req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`fake crashed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  const server = createServer(listener);
  const url = await listen(server, 0, "127.0.0.1");
  return { url, close: () => closeServer(server) };
}

export async function readRawBody(req: IncomingMessage, maxBytes = 5 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new Error("request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** "At most `limit` admitted requests in any `windowMs`", the way per-second vendor limits behave. */
export class SlidingWindowLimiter {
  private admitted: number[] = [];

  constructor(
    public limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits and records a request, or says how long until one would be admitted. */
  take(): { ok: true; remaining: number; resetMs: number } | { ok: false; retryAfterMs: number; resetMs: number } {
    const now = this.now();
    this.admitted = this.admitted.filter((at) => at > now - this.windowMs);
    if (this.admitted.length >= this.limit) {
      const retryAfterMs = this.admitted[0]! + this.windowMs - now;
      return { ok: false, retryAfterMs, resetMs: retryAfterMs };
    }
    this.admitted.push(now);
    return { ok: true, remaining: this.limit - this.admitted.length, resetMs: this.admitted[0]! + this.windowMs - now };
  }

  reset(): void {
    this.admitted = [];
  }
}

/** Scripted answers: the next `times` requests matching `path` get this instead of the real thing. */
export interface InjectedFailure {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  times?: number;
  pathPrefix?: string;
}

export class FailureScript {
  private items: (InjectedFailure & { remaining: number })[] = [];

  add(failure: InjectedFailure): void {
    this.items.push({ ...failure, remaining: failure.times ?? 1 });
  }

  take(path: string): InjectedFailure | null {
    const index = this.items.findIndex((item) => item.remaining > 0 && (!item.pathPrefix || path.startsWith(item.pathPrefix)));
    if (index < 0) return null;
    const item = this.items[index]!;
    item.remaining -= 1;
    if (item.remaining === 0) this.items.splice(index, 1);
    return item;
  }

  clear(): void {
    this.items = [];
  }
}
