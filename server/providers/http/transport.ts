/**
 * One HTTP GET with a per-attempt timeout, returning the body as text so the caller decides how to parse it
 * (vendors sometimes answer JSON endpoints with HTML). Errors are typed and their messages redacted.
 */
import { systemClock, type Clock } from "./clock";
import { redactSecrets } from "./redact";

export type TransportErrorKind = "timeout" | "network" | "aborted";

export class TransportError extends Error {
  readonly kind: TransportErrorKind;
  constructor(kind: TransportErrorKind, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = "TransportError";
    this.kind = kind;
  }
}

export interface TextResponse {
  status: number;
  headers: Headers;
  text: string;
  contentType: string | null;
  startedAt: Date;
  latencyMs: number;
}

export interface FetchTextOptions {
  /** Per-attempt deadline covering connect, headers and body. */
  timeoutMs: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  clock?: Clock;
  /** Secret values to strip from error messages (the URL carries them). */
  secrets?: readonly string[];
}

/** A signal that aborts when `parent` aborts or `timeoutMs` passes; call `dispose` once done. */
export function createDeadlineSignal(timeoutMs: number, parent?: AbortSignal) {
  const controller = new AbortController();
  let isTimedOut = false;
  const timer = setTimeout(() => {
    isTimedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  timer.unref?.();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    isTimedOut: () => isTimedOut,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}

/** GETs `url` and reads the whole body as text; throws TransportError on timeout, abort or network failure. */
export async function fetchText(url: string, options: FetchTextOptions): Promise<TextResponse> {
  const clock = options.clock ?? systemClock;
  const deadline = createDeadlineSignal(options.timeoutMs, options.signal);
  const startedMs = clock.now();
  try {
    const response = await fetch(url, { method: "GET", headers: options.headers, signal: deadline.signal, redirect: "follow" });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      contentType: response.headers.get("content-type"),
      startedAt: new Date(startedMs),
      latencyMs: Math.max(0, clock.now() - startedMs),
    };
  } catch (error) {
    const detail = redactSecrets(describeCause(error), options.secrets);
    if (deadline.isTimedOut()) throw new TransportError("timeout", `request timed out after ${options.timeoutMs} ms`);
    if (options.signal?.aborted) throw new TransportError("aborted", "request aborted by the caller");
    throw new TransportError("network", `network error: ${detail}`);
  } finally {
    deadline.dispose();
  }
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = cause && typeof cause === "object" && "code" in cause ? String((cause as { code: unknown }).code) : null;
  return code ? `${error.message} (${code})` : error.message;
}
