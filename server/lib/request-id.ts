/** Request ids: taken from the proxy in front of us when it sent a sane one, made here otherwise. */
export const REQUEST_ID_HEADER = "x-request-id";

// Letters, digits and a few separators only, so a client-chosen id cannot forge log lines or headers.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function readRequestId(headers: Headers): string {
  const incoming = headers.get(REQUEST_ID_HEADER)?.trim();
  return incoming && ACCEPTABLE_ID.test(incoming) ? incoming : crypto.randomUUID();
}
