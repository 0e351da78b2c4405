import { alertsDeliver } from "./alerts-deliver";
import { catalogSweep } from "./catalog-sweep";
import { enginePlan } from "./engine-plan";
import { maintenancePurge } from "./maintenance-purge";
import { ticketmasterPoll } from "./ticketmaster-poll";
import type { JobDefinition } from "./types";

/** Every scheduled job. */
export const jobs: JobDefinition[] = [catalogSweep, enginePlan, ticketmasterPoll, alertsDeliver, maintenancePurge];
