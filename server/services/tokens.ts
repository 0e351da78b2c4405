import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db";
import * as queries from "@/db/queries/tokens";
import { findUserByEmail } from "@/db/queries/users";
import type { ApiTokenRow } from "@/db/schema";
import { notFound, ServiceError } from "./errors";
import { createApiTokenInput, type CreateApiTokenInput } from "./token-input";

export { apiTokenIdInput, createApiTokenInput, type CreateApiTokenInput } from "./token-input";

/** `sw_` marks our tokens (secret scanners and people can recognise a leaked one); 32 random bytes follow. */
const TOKEN_PREFIX = "sw_";
const TOKEN_PATTERN = /^sw_[A-Za-z0-9_-]{43}$/;
/** Characters kept in clear so a fan can tell tokens apart in the list. */
const DISPLAY_PREFIX_LENGTH = 11;
/** Enough for every integration a fan runs; a limit keeps a leaked session from minting thousands. */
export const MAX_ACTIVE_TOKENS = 20;
/** Last-used is a hint for the fan, not an audit log: write it at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiTokenSummary = ReturnType<typeof toSummary>;

/** Who a token acts for: what the REST layer needs to scope and authorize a request. */
export interface TokenOwner {
  id: string;
  email: string;
  role: "fan" | "admin";
  tier: "basic" | "premium";
}

export interface AuthenticatedToken {
  tokenId: string;
  isReadOnly: boolean;
  user: TokenOwner;
}

function toSummary(row: ApiTokenRow) {
  return { id: row.id, name: row.name, prefix: row.prefix, access: row.access, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt };
}

export function hashApiToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function parseInput(input: unknown): CreateApiTokenInput {
  const result = createApiTokenInput.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: issue.message }));
  throw new ServiceError("BAD_REQUEST", issues[0]?.message ?? "Invalid token", issues);
}

/** Mints a token for a fan; the secret is returned here once and only its hash is stored. */
export async function createApiToken(db: Db, userId: string, input: CreateApiTokenInput) {
  const values = parseInput(input);
  return db.transaction(async (tx) => {
    if ((await queries.countActiveApiTokens(tx, { userId })) >= MAX_ACTIVE_TOKENS) {
      throw new ServiceError("FORBIDDEN", `You can have at most ${MAX_ACTIVE_TOKENS} active tokens; revoke one first.`);
    }
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
    const row = await queries.insertApiToken(tx, { userId, name: values.name, access: values.access, prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH), tokenHash: hashApiToken(secret) });
    return { ...toSummary(row), token: secret };
  });
}

/** The admin CLI's path: the same minting, for the account with this email. */
export async function createApiTokenForEmail(db: Db, email: string, input: CreateApiTokenInput) {
  const user = await findUserByEmail(db, { email: email.trim() });
  if (!user) throw new ServiceError("NOT_FOUND", `There is no account for ${email.trim().toLowerCase()}`);
  if (user.disabledAt) throw new ServiceError("FORBIDDEN", `The account ${user.email} is disabled`);
  return { user: { id: user.id, email: user.email }, ...(await createApiToken(db, user.id, input)) };
}

export async function listApiTokens(db: Db, userId: string) {
  return (await queries.listApiTokens(db, { userId })).map(toSummary);
}

export async function revokeApiToken(db: Db, userId: string, id: string, now = new Date()) {
  const row = await queries.revokeApiToken(db, { userId, id, at: now });
  if (!row) throw notFound("Token");
  return toSummary(row);
}

/** The token's owner and rights, or null for a malformed, unknown or revoked token or a disabled account. */
export async function authenticateApiToken(db: Db, secret: string, now = new Date()): Promise<AuthenticatedToken | null> {
  if (!TOKEN_PATTERN.test(secret)) return null;
  const found = await queries.findActiveApiToken(db, { tokenHash: hashApiToken(secret) });
  if (!found || found.user.disabledAt) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  // Checked here first so a busy token costs one read per request, not a read and a write.
  if (!found.token.lastUsedAt || found.token.lastUsedAt < staleBefore) await queries.touchApiToken(db, { id: found.token.id, at: now, staleBefore });
  const { user } = found;
  return {
    tokenId: found.token.id,
    isReadOnly: found.token.access === "read-only",
    user: { id: user.id, email: user.email, role: user.role === "admin" ? "admin" : "fan", tier: user.tier === "premium" ? "premium" : "basic" },
  };
}
