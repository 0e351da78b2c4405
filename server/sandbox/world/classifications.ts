/**
 * Classifications used by the sandbox world. The Music and Sports segment ids are the real ones
 * (providers.md 1.3); the other ids follow Discovery's id style but are made up. `Undefined` and `Other`
 * are the placeholder names real data uses instead of nulls (providers.md 1.8).
 */
import type { TmClassification, TmNamed } from "../ticketmaster/types";

const SEGMENTS = {
  music: { id: "KZFzniwnSyZfZ7v7nJ", name: "Music" },
  sports: { id: "KZFzniwnSyZfZ7v7nE", name: "Sports" },
  arts: { id: "KZFzniwnSyZfZ7v7na", name: "Arts & Theatre" },
  misc: { id: "KZFzniwnSyZfZ7v7n1", name: "Miscellaneous" },
  undefined: { id: "KZFzniwnSyZfZ7v7nl", name: "Undefined" },
} satisfies Record<string, TmNamed>;

const UNDEFINED_LEVEL: TmNamed = { id: "KnvZfZ7vAAa", name: "Undefined" };
const OTHER_LEVEL: TmNamed = { id: "KZazBEonSMnZfZ7vFE1", name: "Other" };
const GROUP_TYPE: TmNamed = { id: "KZAyXgnZfZ7v7nI", name: "Group" };
const INDIVIDUAL_TYPE: TmNamed = { id: "KZAyXgnZfZ7v7l1", name: "Individual" };

function build(segment: TmNamed, genre: TmNamed, subGenre: TmNamed, type: TmNamed = UNDEFINED_LEVEL): TmClassification {
  return { primary: true, segment, genre, subGenre, type, subType: UNDEFINED_LEVEL, family: false };
}

export const CLASSIFICATIONS = {
  football: build(SEGMENTS.sports, { id: "KnvZfZ7vAedvA", name: "Soccer" }, { id: "KZazBEonSMnZfZ7vFJA", name: "English Premier League" }, GROUP_TYPE),
  basketball: build(SEGMENTS.sports, { id: "KnvZfZ7vAde", name: "Basketball" }, { id: "KZazBEonSMnZfZ7vFJB", name: "NBA" }, GROUP_TYPE),
  americanFootball: build(SEGMENTS.sports, { id: "KnvZfZ7vAdE", name: "Football" }, { id: "KZazBEonSMnZfZ7vFE7", name: "NFL" }, GROUP_TYPE),
  rock: build(SEGMENTS.music, { id: "KnvZfZ7vAeA", name: "Rock" }, { id: "KZazBEonSMnZfZ7v6dt", name: "Alternative Rock" }, GROUP_TYPE),
  pop: build(SEGMENTS.music, { id: "KnvZfZ7vAev", name: "Pop" }, { id: "KZazBEonSMnZfZ7v6F1P", name: "Pop" }, INDIVIDUAL_TYPE),
  electronic: build(SEGMENTS.music, { id: "KnvZfZ7vAvF", name: "Dance/Electronic" }, { id: "KZazBEonSMnZfZ7vAvJ", name: "House" }, INDIVIDUAL_TYPE),
  folk: build(SEGMENTS.music, { id: "KnvZfZ7vAva", name: "Folk" }, { id: "KZazBEonSMnZfZ7vAa1", name: "Folk" }, GROUP_TYPE),
  classical: build(SEGMENTS.music, { id: "KnvZfZ7vAeJ", name: "Classical" }, { id: "KZazBEonSMnZfZ7vAeF", name: "Orchestral" }, GROUP_TYPE),
  musical: build(SEGMENTS.arts, { id: "KnvZfZ7v7nJ", name: "Music" }, { id: "KZazBEonSMnZfZ7v7lv", name: "Musical" }),
  theatre: build(SEGMENTS.arts, { id: "KnvZfZ7v7l1", name: "Theatre" }, { id: "KZazBEonSMnZfZ7v7la", name: "Drama" }),
  comedy: build(SEGMENTS.arts, { id: "KnvZfZ7vAe1", name: "Comedy" }, { id: "KZazBEonSMnZfZ7vF17", name: "Comedy" }, INDIVIDUAL_TYPE),
  /** The placeholder names appear as strings, not nulls (PROBE-2026 §14). */
  undefinedPlaceholder: build(SEGMENTS.undefined, UNDEFINED_LEVEL, UNDEFINED_LEVEL),
  otherPlaceholder: build(SEGMENTS.misc, OTHER_LEVEL, OTHER_LEVEL, OTHER_LEVEL),
} satisfies Record<string, TmClassification>;

export type ClassificationKey = keyof typeof CLASSIFICATIONS;

export const MUSIC_SEGMENT_ID = SEGMENTS.music.id;
export const SPORTS_SEGMENT_ID = SEGMENTS.sports.id;
