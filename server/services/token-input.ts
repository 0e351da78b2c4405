import { z } from "zod";

/** Personal API token inputs; pure, so the settings form validates with the server's own rules. */
export const API_TOKEN_ACCESS_OPTIONS = ["read-only", "read-write"] as const;

export const createApiTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(60, "Name can be at most 60 characters"),
  access: z.enum(API_TOKEN_ACCESS_OPTIONS, { error: "Access must be read-only or read-write" }),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

export const apiTokenIdInput = z.object({ id: z.uuid("Not a token id") });
