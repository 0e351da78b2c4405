/**
 * Keyword matching as Discovery does it: whole words, case- and accent-insensitive. "Mado" does not find
 * "Madonna" (providers.md 1.3, TM-MANUAL-2018), which is exactly what trips fan apps doing typeahead.
 */

/** Lower-cased, accent-free words of a text; punctuation separates words. */
export function tokenizeWords(text: string): string[] {
  const folded = text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** True when every word of the keyword appears as a whole word in one of the texts. */
export function matchesWholeWords(keyword: string, texts: readonly (string | undefined)[]): boolean {
  const wanted = tokenizeWords(keyword);
  if (wanted.length === 0) return true;
  const words = new Set(texts.flatMap((text) => (text ? tokenizeWords(text) : [])));
  return wanted.every((word) => words.has(word));
}

/** Counts keyword words found, for relevance ordering. */
export function scoreWholeWords(keyword: string, text: string | undefined): number {
  if (!text) return 0;
  const words = new Set(tokenizeWords(text));
  return tokenizeWords(keyword).filter((word) => words.has(word)).length;
}

/** Suggest is typeahead: every keyword word must start some word of the text. */
export function matchesWordPrefixes(keyword: string, text: string | undefined): boolean {
  const wanted = tokenizeWords(keyword);
  if (wanted.length === 0 || !text) return false;
  const words = tokenizeWords(text);
  return wanted.every((prefix) => words.some((word) => word.startsWith(prefix)));
}
