import { z } from "zod";

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
