import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { findUserByEmail } from "@/db/queries/users";
import type { Auth } from "@/server/auth/create-auth";
import { createAccount } from "../accounts";
import { ServiceError } from "../errors";

export const DEMO_ADMIN_EMAIL = "admin@seatwatch.local";

/**
 * The embedded default's admin, created once the way `npm run user:create -- --admin` does. Its password is
 * random and returned only on creation (the boot log shows it once), so no fixed admin password exists.
 */
export async function ensureDemoAdmin(auth: Auth, db: Db): Promise<{ email: string; password: string | null }> {
  if (await findUserByEmail(db, { email: DEMO_ADMIN_EMAIL })) return { email: DEMO_ADMIN_EMAIL, password: null };
  const password = randomBytes(12).toString("base64url");
  try {
    await createAccount(auth, db, { email: DEMO_ADMIN_EMAIL, password, name: "Demo Admin", role: "admin" });
  } catch (error) {
    // Another process created it first.
    if (error instanceof ServiceError && error.code === "CONFLICT") return { email: DEMO_ADMIN_EMAIL, password: null };
    throw error;
  }
  return { email: DEMO_ADMIN_EMAIL, password };
}
