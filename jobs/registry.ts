import { maintenancePurge } from "./maintenance-purge";
import type { JobDefinition } from "./types";

/** Every scheduled job. Later issues add polling, matching and delivery here. */
export const jobs: JobDefinition[] = [maintenancePurge];
