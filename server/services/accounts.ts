import type { Db } from "@/db";
import { eraseAccount } from "@/db/queries/account-data";
import { findUserByEmail, updateUser } from "@/db/queries/users";
import type { Auth } from "@/server/auth/create-auth";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/policy";
import { notFound, ServiceError } from "./errors";
import type { Tier } from "./tiers";

export interface NewAccount {
  email: string;
  password: string;
  name: string;
  role?: "fan" | "admin";
  tier?: Tier;
  /** Operator-created accounts are verified already. */
  isVerified?: boolean;
}

/** Creates an email + password account directly (admin CLI, demo fan), hashing as sign-up does. */
export async function createAccount(auth: Auth, db: Db, account: NewAccount) {
  const email = account.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ServiceError("BAD_REQUEST", `"${account.email}" is not an email address`);
  if (account.password.length < MIN_PASSWORD_LENGTH) {
    throw new ServiceError("BAD_REQUEST", `The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (await findUserByEmail(db, { email })) throw new ServiceError("CONFLICT", `An account for ${email} already exists`);
  const context = await auth.$context;
  const user = await context.internalAdapter.createUser(
    { email, name: account.name, emailVerified: account.isVerified ?? true },
    { method: "admin" },
  );
  await context.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: await context.password.hash(account.password),
  });
  const updated = await updateUser(db, { id: user.id, changes: { role: account.role ?? "fan", tier: account.tier ?? "basic" } });
  return updated!;
}

export const DEMO_FAN = { email: "demo@seatwatch.local", password: "seatwatch-demo", name: "Demo Fan" } as const;

/** The embedded default's demo fan, created once. */
export async function ensureDemoFan(auth: Auth, db: Db) {
  const existing = await findUserByEmail(db, { email: DEMO_FAN.email });
  if (existing) return { user: existing, isNew: false };
  const user = await createAccount(auth, db, DEMO_FAN);
  await updateUser(db, { id: user.id, changes: { timeZone: "Europe/London", homeCity: "London", homeCountry: "GB" } });
  return { user, isNew: true };
}

/**
 * Deletes a fan for good, in one transaction: their alerts stay, moved to the deleted-fans row without the
 * watch name (so counts per event survive), everything else that is about them — profile, sessions, watches,
 * deliveries with their addresses, settings, numbers, devices, tokens, their dev-outbox mail — is gone.
 * Better Auth's delete-user calls this before its own (then empty-handed) delete.
 */
export async function deleteAccount(db: Db, userId: string, now = new Date()) {
  const result = await db.transaction((tx) => eraseAccount(tx, { userId, now }));
  if (!result) throw notFound("Account");
  return result;
}
