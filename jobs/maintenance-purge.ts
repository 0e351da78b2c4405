import { purgeExpired } from "@/server/services/maintenance";
import type { JobDefinition } from "./types";

export const maintenancePurge: JobDefinition = {
  id: "maintenance.purge",
  schedule: "17 * * * *",
  batch: 1_000,
  run: ({ db, now }, batch) => purgeExpired(db, now, batch),
};
