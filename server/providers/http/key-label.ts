import { createHash } from "node:crypto";

/**
 * A stable, non-secret label for an API key (`tm:3fa4c2d1`): the ledger, admin pages and pacer registry can
 * tell keys apart without ever holding the key itself.
 */
export function labelApiKey(prefix: string, apiKey: string): string {
  const digest = createHash("sha256").update(apiKey).digest("hex");
  return `${prefix}:${digest.slice(0, 8)}`;
}
