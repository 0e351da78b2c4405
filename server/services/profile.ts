import type { Db } from "@/db";
import { countWatches } from "@/db/queries/watches";
import { findUser, updateUser } from "@/db/queries/users";
import { notFound } from "./errors";
import type { UpdateProfileInput } from "./profile-input";
import { getTierLimits } from "./tiers";

export { updateProfileInput } from "./profile-input";



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
