import { describe, expect, it } from "vitest";
import { matchesWholeWords, matchesWordPrefixes, scoreWholeWords, tokenizeWords } from "@/server/sandbox/ticketmaster/text-match";

describe("matchesWholeWords", () => {
  it("finds a whole word regardless of case", () => {
    expect(matchesWholeWords("madonna", ["MADONNA: The Celebration Tour"])).toBe(true);
  });

  it("does not find a partial word, as Discovery does not ('Mado' misses 'Madonna')", () => {
    expect(matchesWholeWords("Mado", ["Madonna"])).toBe(false);
  });

  it("requires every keyword word, in any order", () => {
    expect(matchesWholeWords("Chelsea Arsenal", ["Arsenal v Chelsea"])).toBe(true);
    expect(matchesWholeWords("Chelsea Fulham", ["Arsenal v Chelsea"])).toBe(false);
  });

  it("ignores accents and punctuation", () => {
    expect(matchesWholeWords("koln", ["LANXESS arena, Köln"])).toBe(true);
    expect(matchesWholeWords("james", ["St James' Park"])).toBe(true);
    expect(matchesWholeWords("hove", ["Brighton & Hove Albion"])).toBe(true);
  });

  it("treats an empty keyword as matching everything", () => {
    expect(matchesWholeWords("  ", ["anything"])).toBe(true);
  });
});

describe("keyword helpers", () => {
  it("tokenizes into lower-case words", () => {
    expect(tokenizeWords("SUITE: Lakers vs. Celtics")).toEqual(["suite", "lakers", "vs", "celtics"]);
  });

  it("scores the number of keyword words present", () => {
    expect(scoreWholeWords("arsenal chelsea", "Arsenal v Chelsea")).toBe(2);
    expect(scoreWholeWords("arsenal chelsea", "Arsenal v Fulham")).toBe(1);
  });

  it("matches typeahead prefixes for suggest", () => {
    expect(matchesWordPrefixes("lak cel", "Los Angeles Lakers vs. Boston Celtics")).toBe(true);
    expect(matchesWordPrefixes("akers", "Los Angeles Lakers")).toBe(false);
  });
});
