/**
 * Error responses exactly as the real gateway (Apigee faults) and Discovery backend (DIS errors) send them.
 * Key order inside each body follows the recorded bodies in providers.md 1.5 and 1.9, since clients and
 * fixtures sometimes compare raw text.
 */
import type { SpikeArrestOptions } from "./options";

export interface ErrorResponse {
  status: number;
  body: unknown;
  /** The vendor's error code, for the call log. */
  errorCode: string;
}

/** Thrown by route handlers; the server turns it into the response. */
export class DiscoveryError extends Error {
  readonly response: ErrorResponse;

  constructor(response: ErrorResponse) {
    super(response.errorCode);
    this.name = "DiscoveryError";
    this.response = response;
  }
}

function buildFault(status: number, faultstring: string, errorcode: string): ErrorResponse {
  return { status, errorCode: errorcode, body: { fault: { faultstring, detail: { errorcode } } } };
}

function buildDisError(status: number, code: string, detail: string, statusText: string, linkRel = "about"): ErrorResponse {
  const link = { [linkRel]: { href: `/discovery/v2/errors.html#${code}` } };
  return { status, errorCode: code, body: { errors: [{ _links: link, code, detail, status: statusText }] } };
}

/** 90 bytes, no rate-limit headers — providers.md 1.9, TM-DOC-V2, PROBE-2026 §10. */
export function buildInvalidKeyError(): ErrorResponse {
  return buildFault(401, "Invalid ApiKey", "oauth.v2.InvalidApiKey");
}

/** The double space and the echoed key are both in the documented body — providers.md 1.9, TM-GS-2018. */
export function buildQuotaViolationError(apiKey: string): ErrorResponse {
  return buildFault(
    429,
    `Rate limit quota violation. Quota limit  exceeded. Identifier : ${apiKey}`,
    "policies.ratelimit.QuotaViolation",
  );
}

/** The observed faultstring, parameterised by the configured rate — providers.md 1.9, SPIKE-OBS. */
export function buildSpikeArrestError(spike: SpikeArrestOptions): ErrorResponse {
  const burst = spike.burst.toFixed(1);
  const rate = spike.mode === "window" ? spike.windowLimit : spike.ratePerSecond;
  return buildFault(
    429,
    `Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=${rate}, periodInMicroseconds=1000000, maxBurstMessageCount=${burst}}`,
    "policies.ratelimit.SpikeArrestViolation",
  );
}

export function buildDeepPagingError(): ErrorResponse {
  return buildDisError(
    400,
    "DIS1035",
    "API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000",
    "400 BAD_REQUEST",
  );
}

export function buildPageSizeError(): ErrorResponse {
  return buildDisError(400, "DIS1036", 'Query param "size" must be less than 200', "400 BAD_REQUEST");
}

/** Status is the bare "400" for this code — providers.md 1.5, PROBE-2026 §10. */
export function buildResultsLimitError(): ErrorResponse {
  return buildDisError(400, "DIS1024", "Results limit exceeded", "400");
}

/** Uses `_links.self`, not `about` — providers.md 1.9, PROBE-2026 §7. */
export function buildDateFormatError(): ErrorResponse {
  return buildDisError(
    400,
    "DIS1015",
    "Query param with date must be of valid format YYYY-MM-DDTHH:mm:ssZ {example: 2020-08-01T14:00:00Z }",
    "400 BAD_REQUEST",
    "self",
  );
}

/** Field order as in the recorded fixture — providers.md 1.9, TM-SDK-SCALA. */
export function buildNotFoundError(id: string): ErrorResponse {
  return {
    status: 404,
    errorCode: "DIS1004",
    body: {
      errors: [
        {
          code: "DIS1004",
          detail: `Resource not found with provided criteria (locale=en-us, id=${id})`,
          status: "404",
          _links: { about: { href: "/discovery/v2/errors.html#DIS1004" } },
        },
      ],
    },
  };
}

/**
 * The real code for a bad parameter value (e.g. an unknown sort) is UNVERIFIED (providers.md 7, item 13),
 * so the fake uses one generic DIS code for every such case.
 */
export function buildInvalidParamError(detail: string): ErrorResponse {
  return buildDisError(400, "DIS1001", detail, "400 BAD_REQUEST");
}

/** What the gateway answers for paths no proxy serves. */
export function buildUnknownPathError(path: string): ErrorResponse {
  return buildFault(
    404,
    `Unable to identify proxy for host: default and url: ${path}`,
    "messaging.adaptors.http.flow.ApplicationNotFound",
  );
}
