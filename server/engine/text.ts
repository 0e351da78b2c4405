/**
 * Text folding shared by the planner and the matcher, so a keyword that found an event through the API
 * (whole words, case- and accent-insensitive, providers.md 1.3) also matches it locally.
 */

/** Lower-cased, accent-free words of a text; punctuation separates words. */
export function tokenizeWords(text: string): string[] {
  const folded = text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A free-text value folded for equality (city names carry stray whitespace, providers.md 1.8). */
export function foldText(text: string | null | undefined): string {
  return text ? tokenizeWords(text).join(" ") : "";
}

/** True when every word of `wanted` is among `words`. */
export function hasAllWords(wanted: readonly string[], words: ReadonlySet<string>): boolean {
  for (const word of wanted) if (!words.has(word)) return false;
  return true;
}
