/** Everything a tier allows, in one place. */
export type Tier = "basic" | "premium";
export type CheckClass = "relaxed" | "standard" | "urgent";

export interface TierLimits {
  /** Active (not deleted) watches a fan may keep. */
  watches: number;
  /** SMS alerts a fan may receive per day. */
  smsPerDay: number;
  /** The fastest polling class the scheduler may give this fan's watches. */
  fastestCheck: CheckClass;
}

export const TIER_LIMITS: Record<Tier, TierLimits> = {
  basic: { watches: 25, smsPerDay: 5, fastestCheck: "standard" },
  premium: { watches: 200, smsPerDay: 50, fastestCheck: "urgent" },
};

export function getTierLimits(tier: string): TierLimits {
  return TIER_LIMITS[tier === "premium" ? "premium" : "basic"];
}
