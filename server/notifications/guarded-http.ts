/**
 * POST to a fan-supplied URL without SSRF: https only (by default), no credentials in the URL, every
 * address the host resolves to checked, and the connection pinned to the checked addresses through the
 * socket's `lookup` hook — so a DNS answer that changes between check and connect (rebinding) cannot slip
 * through. Redirects are not followed. Never throws for network trouble; the caller gets a typed result.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { refuseNonPublicAddresses, type AddressCheck, type RefusalReason } from "./address-guard";
import { describeThrown } from "./outcome";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Default: refuse loopback, private, link-local, metadata and other non-public addresses. */
  checkAddress?: AddressCheck;
  /** Plain http is refused unless allowed (tests against local fakes). */
  allowHttp?: boolean;
  /** Default: the system resolver, every address. Injectable to test rebinding-style answers. */
  resolveHost?: HostResolver;
}

export type UrlRefusal = { reason: RefusalReason | "scheme" | "credentials" | "unresolvable" | "malformed"; message: string };

export type GuardedResult =
  | { kind: "response"; status: number; headers: Record<string, string>; body: string }
  | { kind: "refused"; refusal: UrlRefusal }
  | { kind: "network"; message: string; isTimeout: boolean };

const defaultResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));

/** Resolves and checks a URL the way a send would; use it when a fan saves a webhook or subscribes a device. */
export async function checkOutboundUrl(rawUrl: string, policy: OutboundPolicy = {}): Promise<{ ok: true; url: URL; addresses: ResolvedAddress[] } | { ok: false; refusal: UrlRefusal }> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, refusal: { reason: "malformed", message: `not a URL: ${rawUrl.slice(0, 200)}` } };
  }
  const schemes = policy.allowHttp ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol)) return { ok: false, refusal: { reason: "scheme", message: `only ${schemes.join(" or ")} URLs are allowed, got ${url.protocol}` } };
  if (url.username || url.password) return { ok: false, refusal: { reason: "credentials", message: "URLs with a user name or password are not allowed" } };
  const check = policy.checkAddress ?? refuseNonPublicAddresses;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: ResolvedAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await (policy.resolveHost ?? defaultResolver)(host);
    } catch (error) {
      return { ok: false, refusal: { reason: "unresolvable", message: `cannot resolve ${host}: ${describeThrown(error)}` } };
    }
  }
  if (addresses.length === 0) return { ok: false, refusal: { reason: "unresolvable", message: `${host} has no addresses` } };
  for (const { address } of addresses) {
    const reason = check(address);
    if (reason) {
      const via = address === host ? "" : ` (${host} resolves to ${address})`;
      return { ok: false, refusal: { reason, message: `refused to contact ${address}${via}: ${reason} addresses are not allowed` } };
    }
  }
  return { ok: true, url, addresses };
}

function pinTo(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses.map((entry) => ({ address: entry.address, family: entry.family })));
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

function readBody(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", reject);
  });
}

export interface GuardedPost {
  headers: Record<string, string>;
  body: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  policy?: OutboundPolicy;
  /** Response bodies are read for error messages only. */
  maxResponseBytes?: number;
}

export async function postGuarded(rawUrl: string, post: GuardedPost): Promise<GuardedResult> {
  const checked = await checkOutboundUrl(rawUrl, post.policy);
  if (!checked.ok) return { kind: "refused", refusal: checked.refusal };
  const timeout = AbortSignal.timeout(post.timeoutMs);
  const signal = post.signal ? AbortSignal.any([post.signal, timeout]) : timeout;
  const send = checked.url.protocol === "https:" ? httpsRequest : httpRequest;
  const body = typeof post.body === "string" ? Buffer.from(post.body, "utf8") : post.body;
  try {
    return await new Promise<GuardedResult>((resolve, reject) => {
      const request = send(checked.url, {
        method: "POST",
        headers: { ...post.headers, "Content-Length": String(body.length) },
        lookup: pinTo(checked.addresses),
        signal,
      });
      request.on("response", (response) => {
        readBody(response, post.maxResponseBytes ?? 64 * 1024).then((text) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
          resolve({ kind: "response", status: response.statusCode ?? 0, headers, body: text });
        }, reject);
      });
      request.on("error", reject);
      request.end(body);
    });
  } catch (error) {
    if (post.signal?.aborted) throw post.signal.reason;
    return { kind: "network", message: describeThrown(error), isTimeout: timeout.aborted };
  }
}
