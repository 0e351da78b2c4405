import { RestError } from "./errors";

/** Request bodies above 64 KB are refused: the largest valid watch is a few KB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** `application/json`, or a `+json` type such as `application/merge-patch+json`, any parameters ignored. */
function isJsonMediaType(contentType: string | null): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

const tooLarge = () => new RestError("PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES / 1024} KB`);

/**
 * Reads a JSON body: 415 unless it is declared JSON, 413 when Content-Length says it is too large or once the
 * bytes read pass the limit (chunked or lying clients), 400 when it is empty, not UTF-8 or not JSON.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!isJsonMediaType(request.headers.get("content-type"))) {
    throw new RestError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json");
  }
  const bytes = await readAtMost(request, maxBytes);
  if (bytes.length === 0) throw new RestError("BAD_REQUEST", "The body is empty; send a JSON object");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RestError("BAD_REQUEST", "The body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RestError("BAD_REQUEST", `The body is not valid JSON (${error instanceof Error ? error.message : "parse error"})`);
  }
}

async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
