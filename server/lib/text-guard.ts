/**
 * Text PostgreSQL cannot store: U+0000 fails any `text` or `jsonb` value, and an unpaired UTF-16 surrogate
 * fails `jsonb` (JSON.stringify escapes it as `\ud800`, which PostgreSQL refuses). Either would surface as a
 * 500 from a failed query; the API layers call this on raw input and refuse it up front with a 400.
 */
export type InputPath = (string | number)[];

const MAX_DEPTH = 32;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT_MESSAGE = "Text can't contain the NUL character or broken Unicode (an unpaired surrogate)";

export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !UNPAIRED_SURROGATE.test(text);
}

/** The path of the first string (value or object key) PostgreSQL could not store, or null when all can be. */
export function findUnstorableText(value: unknown, path: InputPath = [], depth = 0): InputPath | null {
  if (typeof value === "string") return isStorableText(value) ? null : path;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, Array.isArray(value) ? Number(key) : key];
    if (!isStorableText(key)) return childPath;
    const found = findUnstorableText(child, childPath, depth + 1);
    if (found) return found;
  }
  return null;
}
