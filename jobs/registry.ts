import { catalogSweep } from "./catalog-sweep";
import { maintenancePurge } from "./maintenance-purge";
import type { JobDefinition } from "./types";

/** Every scheduled job. Later issues add polling, matching and delivery here. */
export const jobs: JobDefinition[] = [catalogSweep, maintenancePurge];
