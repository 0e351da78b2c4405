/**
 * The seeded choices that make sandbox events look like real Discovery data, gaps included. Frequencies
 * follow providers.md 1.8 and 5 where a figure exists (priceRanges mostly absent; promoter on ~75%; 1900
 * placeholders on ~18%; timezone missing on ~20%; attractions missing on a few).
 */
import type { Random } from "./random";

/** Where an event is in its sales life at world start. */
export type SalePhase =
  | "onsale" // public sale already open
  | "upcoming" // public sale (and maybe presales) still ahead; offsale until the first window opens
  | "placeholder" // on sale, public start is the 1900 placeholder
  | "ended" // sale closed early (sold out): offsale
  | "cancelled"
  | "postponed-tba" // date withdrawn: TBA, no localDate
  | "rescheduled" // moved, with initialStartDate
  | "announced"; // added by the timeline; sales open days later

export type PresaleShape = "absent" | "empty" | "one" | "several";

export interface EventTraits {
  phase: SalePhase;
  presales: PresaleShape;
  hasPriceRanges: boolean;
  hasPromoter: boolean;
  isNoSpecificTime: boolean;
  isTbd: boolean;
  hasTimezone: boolean;
  hasAttractions: boolean;
  placeholderClassification: "undefinedPlaceholder" | "otherPlaceholder" | null;
  hasTicketLimit: boolean;
  hasSeatmap: boolean;
  /** The URL carries the 16-hex legacy id, not the API id (149 of 200 in PROBE-2026 §13). */
  usesLegacyUrl: boolean;
  hasDoorsTime: boolean;
}

function drawPhase(random: Random, daysUntilStart: number): SalePhase {
  const roll = random.next();
  const phase: SalePhase =
    roll < 0.5 ? "onsale"
    : roll < 0.7 ? "upcoming"
    : roll < 0.85 ? "placeholder"
    : roll < 0.89 ? "ended"
    : roll < 0.92 ? "cancelled"
    : roll < 0.96 ? "postponed-tba"
    : "rescheduled";
  // A sale cannot still be ahead for an event a few days away.
  return phase === "upcoming" && daysUntilStart < 5 ? "onsale" : phase;
}

function drawPresales(random: Random): PresaleShape {
  const roll = random.next();
  return roll < 0.45 ? "absent" : roll < 0.55 ? "empty" : roll < 0.8 ? "one" : "several";
}

export function drawTraits(random: Random, daysUntilStart: number): EventTraits {
  const phase = drawPhase(random, daysUntilStart);
  const classificationRoll = random.next();
  return {
    phase,
    presales: drawPresales(random),
    hasPriceRanges: random.chance(0.25),
    hasPromoter: random.chance(0.75),
    isNoSpecificTime: phase !== "postponed-tba" && random.chance(0.05),
    isTbd: phase !== "postponed-tba" && random.chance(0.03),
    hasTimezone: random.chance(0.8),
    hasAttractions: random.chance(0.95),
    placeholderClassification:
      classificationRoll < 0.03 ? "undefinedPlaceholder" : classificationRoll < 0.06 ? "otherPlaceholder" : null,
    hasTicketLimit: random.chance(0.4),
    hasSeatmap: random.chance(0.6),
    usesLegacyUrl: random.chance(0.75),
    hasDoorsTime: random.chance(0.17),
  };
}

/** Traits for an event the timeline announces: sales closed, no prices yet, the rest drawn as usual. */
export function drawAnnouncedTraits(random: Random): EventTraits {
  const traits = drawTraits(random, 365);
  return { ...traits, phase: "announced", hasPriceRanges: false, isTbd: false };
}
