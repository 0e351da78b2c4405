import { z } from "zod";
import type { Db } from "@/db";
import { countUsers, searchUsers, setUserDisabledAt } from "@/db/queries/admin-users";
import { findUser, updateUser } from "@/db/queries/users";
import { notFound, ServiceError } from "../errors";
import { getTierLimits } from "../tiers";

const userId = z.string().trim().min(1, "Pick an account").max(200, "Not an account id");

export const listUsersInput = z.object({
  q: z.string().trim().max(100, "Keep the search under 100 characters").optional(),
  limit: z.int().min(1).max(100).default(25),
  offset: z.int().min(0).max(100_000).default(0),
});
export const setUserTierInput = z.object({ userId, tier: z.enum(["basic", "premium"], "Tier must be basic or premium") });
export const setUserDisabledInput = z.object({ userId, isDisabled: z.boolean("Say whether the account is disabled") });

export async function listUsers(db: Db, input: z.output<typeof listUsersInput>) {
  const q = input.q || undefined;
  const [rows, total] = [await searchUsers(db, { q, limit: input.limit, offset: input.offset }), await countUsers(db, { q })];
  return { users: rows.map((row) => ({ ...row, watchLimit: getTierLimits(row.tier).watches })), total };
}

/** Changes a fan's tier; a downgrade keeps their watches (new ones wait until they are under the limit). */
export async function setUserTier(db: Db, input: z.output<typeof setUserTierInput>) {
  const updated = await updateUser(db, { id: input.userId, changes: { tier: input.tier } });
  if (!updated) throw notFound("Account");
  return { id: updated.id, tier: updated.tier };
}

/** Disables (signs out everywhere, refuses new sessions) or re-enables an account; never the admin's own. */
export async function setUserDisabled(db: Db, admin: { id: string }, input: z.output<typeof setUserDisabledInput>) {
  if (input.isDisabled && input.userId === admin.id) throw new ServiceError("BAD_REQUEST", "You can't disable your own account");
  const updated = await db.transaction(async (tx) => {
    if (!(await findUser(tx, { id: input.userId }))) return null;
    return setUserDisabledAt(tx, { id: input.userId, disabledAt: input.isDisabled ? new Date() : null });
  });
  if (!updated) throw notFound("Account");
  return { id: updated.id, disabledAt: updated.disabledAt };
}
