import { z } from "zod";
import type { Db } from "@/db";
import { countWatches } from "@/db/queries/watches";
import { findUser, updateUser } from "@/db/queries/users";
import { notFound } from "./errors";
import { getTierLimits } from "./tiers";

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));

export const updateProfileInput = z.object({
  name: z.string().trim().min(1, "Your name can't be empty").max(80, "Name can be at most 80 characters").optional(),
  timeZone: z
    .string()
    .refine((zone) => TIME_ZONES.has(zone), { error: (issue) => `Unknown time zone "${String(issue.input)}"; use a name like Europe/London` })
    .optional(),
  homeCity: z.string().trim().max(100, "City can be at most 100 characters").nullish(),
  homeCountry: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Country must be a two-letter code such as GB or US")
    .nullish()
    .or(z.literal("").transform(() => null)),
});
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

export async function getProfile(db: Db, userId: string) {
  const user = await findUser(db, { id: userId });
  if (!user) throw notFound("Account");
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    timeZone: user.timeZone,
    homeCity: user.homeCity,
    homeCountry: user.homeCountry,
    createdAt: user.createdAt,
    limits: getTierLimits(user.tier),
    watchCount: await countWatches(db, { userId }),
  };
}

export async function updateProfile(db: Db, userId: string, input: UpdateProfileInput) {
  const changes = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.timeZone !== undefined && { timeZone: input.timeZone }),
    ...(input.homeCity !== undefined && { homeCity: input.homeCity || null }),
    ...(input.homeCountry !== undefined && { homeCountry: input.homeCountry || null }),
  };
  const updated = await updateUser(db, { id: userId, changes });
  if (!updated) throw notFound("Account");
  return getProfile(db, userId);
}
