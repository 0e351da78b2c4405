/**
 * Validation of worlds loaded through the control API. It checks only what the fake relies on (ids, names,
 * the dates block, step shapes); everything else passes through untouched, because worlds are meant to be
 * pasted from real responses with all their odd fields.
 */
import { z } from "zod";
import type { World } from "./types";

const eventInput = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  dates: z.looseObject({
    start: z.looseObject({}),
    status: z.looseObject({ code: z.string() }),
  }),
});

const namedInput = z.looseObject({ id: z.string().min(1), name: z.string() });

const stepInput = z.discriminatedUnion("op", [
  z.object({ at: z.number(), op: z.literal("add"), event: eventInput, note: z.string().optional() }),
  z.object({ at: z.number(), op: z.literal("patch"), id: z.string(), event: z.looseObject({}), note: z.string().optional() }),
  z.object({ at: z.number(), op: z.literal("remove"), id: z.string(), note: z.string().optional() }),
]);

const worldInput = z.object({
  startAt: z.iso.datetime({ offset: true }).optional(),
  events: z.array(eventInput),
  attractions: z.array(namedInput).default([]),
  venues: z.array(namedInput).default([]),
  timeline: z.array(stepInput).default([]),
});

/** Parses a world from JSON input; throws an Error naming the first problem. */
export function parseWorld(input: unknown): World {
  const result = worldInput.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid world at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "unknown problem"}`);
  }
  // The schema checked the fields the fake reads; the rest is vendor JSON kept as given.
  return result.data as unknown as World;
}
