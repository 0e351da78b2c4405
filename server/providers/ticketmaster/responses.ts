/**
 * What a Discovery response means (providers.md 1.9, 1.10, 6): rate-limit headers, Apigee faults, DIS errors
 * and HTML where JSON was promised, mapped onto ProviderError kinds and retry advice.
 */
import { parseJsonBody } from "../http/json-body";
import type { CallOutcome, InterpretContext } from "../http/call-executor";
import type { TextResponse } from "../http/transport";
import { ProviderError, type CallRecord } from "../types";
import { tmErrors, tmFault } from "./schemas";

/** Apigee error codes — providers.md 1.9 [TM-DOC-V2, TM-GS-2018, SPIKE-OBS]. */
const QUOTA_VIOLATION = "policies.ratelimit.QuotaViolation";
const SPIKE_ARREST = "policies.ratelimit.SpikeArrestViolation";

export interface InterpretPolicy {
  /** Pause after a spike-arrest 429: "back off (e.g. 1–2 s), then retry" — providers.md 6 [APIGEE-SA]. */
  spikeBackoffMs: number;
  /** An unexplained 429 with this many calls or fewer left is read as quota exhaustion — providers.md 6. */
  nearlySpentCalls: number;
}

function header(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/**
 * `Rate-Limit-*` headers of a 200. The reset is epoch milliseconds in practice although documented as a date
 * — providers.md 1.10 [REAL-2016, PROBE-2026 §12] — so seconds and date strings are accepted too.
 */
export function readRateLimit(headers: Headers): CallRecord["rateLimit"] {
  const limit = header(headers, "rate-limit");
  const available = header(headers, "rate-limit-available");
  const over = header(headers, "rate-limit-over");
  const resetRaw = headers.get("rate-limit-reset");
  let resetAt: Date | null = null;
  if (resetRaw && resetRaw.trim() !== "") {
    const n = Number(resetRaw);
    const ms = Number.isFinite(n) ? (n < 1e11 ? n * 1000 : n) : Date.parse(resetRaw);
    resetAt = Number.isFinite(ms) ? new Date(ms) : null;
  }
  if (limit === null && available === null && over === null && resetAt === null) return null;
  return { limit, available, over, resetAt };
}

function readFaultCode(body: unknown): { code: string | null; text: string | null } {
  const parsed = tmFault.safeParse(body);
  if (!parsed.success) return { code: null, text: null };
  return { code: parsed.data.fault.detail?.errorcode ?? null, text: parsed.data.fault.faultstring ?? null };
}

function readDisError(body: unknown): { code: string | null; detail: string | null } {
  const parsed = tmErrors.safeParse(body);
  const first = parsed.success ? parsed.data.errors[0] : undefined;
  return { code: first?.code ?? null, detail: first?.detail ?? null };
}

function parsedBody(response: TextResponse): unknown {
  const body = parseJsonBody(response.text, response.contentType);
  return body.ok ? body.value : null;
}

function fail(kind: ProviderError["kind"], message: string, status: number) {
  return { ok: false as const, error: new ProviderError("ticketmaster", kind, message, { status }) };
}

/** Turns one Discovery response into a value or a classified failure. */
export async function interpretDiscoveryResponse(
  response: TextResponse,
  context: InterpretContext,
  policy: InterpretPolicy,
  endpoint: string,
): Promise<CallOutcome<unknown>> {
  const { status } = response;
  if (status >= 200 && status < 300) {
    const body = parseJsonBody(response.text, response.contentType);
    if (body.ok) return { ok: true, value: body.value };
    return fail("bad-response", `Ticketmaster ${endpoint} answered ${status} with ${describeBadBody(body.reason)} instead of JSON`, status);
  }

  if (status === 401 || status === 403) {
    const { code } = readFaultCode(parsedBody(response));
    return fail(
      "invalid-key",
      `Ticketmaster rejected the API key (HTTP ${status}${code ? `, ${code}` : ""}). ` +
        "Set a valid TICKETMASTER_API_KEY for the server; no Ticketmaster calls can succeed until it is fixed.",
      status,
    );
  }

  if (status === 429) return interpretTooMany(response, context, policy, endpoint);

  if (status >= 500) {
    return { ...fail("unavailable", `Ticketmaster ${endpoint} answered ${status}`, status), retry: {} };
  }

  if (status === 404) {
    const { code, detail } = readDisError(parsedBody(response));
    return fail("not-found", `Ticketmaster ${endpoint}: ${code ?? "404"} ${detail ?? "not found"}`.trim(), status);
  }

  if (status >= 400) {
    const { code, detail } = readDisError(parsedBody(response));
    return fail("bad-request", `Ticketmaster ${endpoint} refused the request: ${code ?? `HTTP ${status}`}${detail ? ` ${detail}` : ""}`, status);
  }

  return fail("bad-response", `Ticketmaster ${endpoint} answered unexpected status ${status}`, status);
}

async function interpretTooMany(
  response: TextResponse,
  context: InterpretContext,
  policy: InterpretPolicy,
  endpoint: string,
): Promise<CallOutcome<unknown>> {
  const { code } = readFaultCode(parsedBody(response));
  if (code === QUOTA_VIOLATION) {
    // Never retried: every call until the reset would be refused and counted as over quota.
    return fail("quota-exhausted", `Ticketmaster daily quota exhausted (${QUOTA_VIOLATION}); calls stop until the quota resets`, 429);
  }
  const rateLimited = {
    ...fail("rate-limited", `Ticketmaster ${endpoint} throttled the request (${code ?? "429 without an error code"})`, 429),
    retry: { minDelayMs: policy.spikeBackoffMs },
    holdKeyMs: policy.spikeBackoffMs,
  };
  if (code === SPIKE_ARREST) return rateLimited;
  const budget = await context.readBudget();
  if (budget && budget.available <= policy.nearlySpentCalls) {
    return fail("quota-exhausted", `Ticketmaster answered 429 (${code ?? "no error code"}) with the daily budget nearly spent; treating it as quota exhaustion`, 429);
  }
  return rateLimited;
}

function describeBadBody(reason: "html" | "empty" | "malformed"): string {
  if (reason === "html") return "an HTML page";
  if (reason === "empty") return "an empty body";
  return "malformed JSON";
}
