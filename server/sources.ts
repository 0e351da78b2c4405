import { InMemoryQuotaGate } from "@/server/providers/http";
import { TicketmasterClient } from "@/server/providers/ticketmaster/client";
import { TicketmasterProvider } from "@/server/providers/ticketmaster/provider";
import type { Provider } from "@/server/providers/types";
import type { Env } from "./env";

export interface EventSource {
  provider: Provider;
  dataSource: "sandbox" | "ticketmaster";
  /** Countries the catalogue sweep covers. */
  sweepCountries: string[];
  /** The clock event data lives on: the sandbox world's fast clock, or real time. */
  now(): Date;
  close(): Promise<void>;
}

// The sandbox world's countries; a real deployment sweeps what SEATWATCH_SWEEP_COUNTRIES names.
const SANDBOX_COUNTRIES = ["GB", "IE", "US", "DE"];

/**
 * The Ticketmaster Discovery provider: against the real API when TICKETMASTER_API_KEY is set, otherwise
 * against the sandbox stand-in started in-process on a loopback port with the built-in world.
 */
export async function openEventSource(env: Env): Promise<EventSource> {
  if (env.TICKETMASTER_API_KEY) {
    const client = new TicketmasterClient({ apiKey: env.TICKETMASTER_API_KEY, baseUrl: env.TICKETMASTER_BASE_URL, gate: new InMemoryQuotaGate({ reserve: 250 }) });
    return {
      provider: new TicketmasterProvider({ client }),
      dataSource: "ticketmaster",
      sweepCountries: env.SEATWATCH_SWEEP_COUNTRIES,
      now: () => new Date(),
      close: async () => undefined,
    };
  }
  const { startSandbox } = await import("@/server/sandbox/world");
  const sandbox = await startSandbox({ host: "127.0.0.1", port: 0 });
  const client = new TicketmasterClient({ apiKey: sandbox.key, baseUrl: sandbox.url, gate: new InMemoryQuotaGate({ reserve: 250 }) });
  return {
    provider: new TicketmasterProvider({ client }),
    dataSource: "sandbox",
    sweepCountries: SANDBOX_COUNTRIES,
    now: () => sandbox.clock.now(),
    close: () => sandbox.close(),
  };
}
