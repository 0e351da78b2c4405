import type { Db } from "@/db";
import { labelApiKey } from "@/server/providers/http";
import { TICKETMASTER_MIN_GAP_MS, TICKETMASTER_MIN_IDLE_MS, TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { TicketmasterProvider } from "@/server/providers/ticketmaster/provider";
import type { CircuitSnapshot } from "@/server/providers/http";
import { createTicketmasterPartnerProvider } from "@/server/providers/ticketmaster-partner/provider";
import type { Event, Provider } from "@/server/providers/types";
import { PgPacer, PgQuotaGate } from "@/server/services/quota/pg-quota";
import type { Env } from "./env";

export interface EventSource {
  provider: Provider;
  dataSource: "sandbox" | "ticketmaster";
  /** The non-secret label of the key in use, as the quota ledger records it. */
  keyLabel: string;
  /** Countries the catalogue sweep covers. */
  sweepCountries: string[];
  /** The clock event data lives on: the sandbox world's fast clock, or real time. */
  now(): Date;
  readCircuit(): CircuitSnapshot;
  /** Calls of the window the quota gate holds back (polling stops this many short of the limit). */
  quotaReserve?: number;
  /** World seconds per real second of `now()`: 1 for real data, the sandbox's speed there (countdowns tick at it). */
  clockRate?: number;
  /**
   * Adds partner seat data (sections, availability) when a partner key is configured; otherwise returns the
   * events as they are, and sections/quantity stay "carried, not checked".
   */
  enrich(events: Event[]): Promise<Event[]>;
  hasSectionData: boolean;
  close(): Promise<void>;
}

// The sandbox world's countries; a real deployment sweeps what SEATWATCH_SWEEP_COUNTRIES names.
const SANDBOX_COUNTRIES = ["GB", "IE", "US", "DE"];
/** Calls held back from the daily 5,000 (providers.md 6 advises planning well under the quota). */
const QUOTA_RESERVE = 250;

function createClient(db: Db, apiKey: string, baseUrl: string | undefined, owner: string) {
  const keyLabel = labelApiKey("tm", apiKey);
  return new TicketmasterClient({
    apiKey,
    baseUrl,
    // Budget and request spacing live in PostgreSQL, shared by every web and worker process on this key.
    gate: new PgQuotaGate({ db, provider: "ticketmaster", reserve: QUOTA_RESERVE, owner }),
    pacer: new PgPacer({ db, provider: "ticketmaster", keyLabel }, { minGapMs: TICKETMASTER_MIN_GAP_MS, minIdleMs: TICKETMASTER_MIN_IDLE_MS }),
  });
}

/**
 * The Ticketmaster Discovery provider: against the real API when TICKETMASTER_API_KEY is set, otherwise
 * against the sandbox stand-in started in-process on a loopback port with the built-in world.
 */
export async function openEventSource(env: Env, db: Db, owner = `pid-${process.pid}`): Promise<EventSource> {
  const partner = createTicketmasterPartnerProvider({ apiKey: env.TICKETMASTER_PARTNER_API_KEY, baseUrl: env.TICKETMASTER_PARTNER_BASE_URL });
  const enrichment = {
    hasSectionData: partner !== null,
    // A partner failure costs only the enrichment: the events keep their Discovery fields.
    enrich: async (events: Event[]) => (partner && events.length ? partner.enrichEvents(events).catch(() => events) : events),
  };
  if (env.TICKETMASTER_API_KEY) {
    const client = createClient(db, env.TICKETMASTER_API_KEY, env.TICKETMASTER_BASE_URL, owner);
    return {
      provider: new TicketmasterProvider({ client }),
      dataSource: "ticketmaster",
      keyLabel: client.keyLabel,
      sweepCountries: env.SEATWATCH_SWEEP_COUNTRIES,
      now: () => new Date(),
      readCircuit: () => client.breaker.getSnapshot(),
      quotaReserve: QUOTA_RESERVE,
      clockRate: 1,
      ...enrichment,
      close: async () => undefined,
    };
  }
  const { startSandbox } = await import("@/server/sandbox/world");
  const sandbox = await startSandbox({ host: "127.0.0.1", port: 0 });
  const client = createClient(db, sandbox.key, sandbox.url, owner);
  return {
    provider: new TicketmasterProvider({ client }),
    dataSource: "sandbox",
    keyLabel: client.keyLabel,
    sweepCountries: SANDBOX_COUNTRIES,
    now: () => sandbox.clock.now(),
    readCircuit: () => client.breaker.getSnapshot(),
    quotaReserve: QUOTA_RESERVE,
    clockRate: sandbox.clock.speed,
    ...enrichment,
    close: () => sandbox.close(),
  };
}
