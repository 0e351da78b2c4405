/**
 * Runs the Discovery fake in-process on loopback with the built-in world on a compressed clock — the
 * provider behind the embedded default, so a fresh install shows real alerts.
 *
 * Speed: the timeline puts a change every ~2 world hours (median), so at the default speed of 60
 * (1 real minute = 1 world hour) something happens every couple of real minutes, while an app polling
 * within the real 5,000-calls-a-day quota (~3.5 calls a minute, paced ≥250 ms so spike arrest stays real)
 * can refresh the whole ~300-event world every few minutes. The 30-day script lasts 12 real hours; after
 * that the world is renewed (a fresh build starting at the current world time, new event ids), so a
 * long-running sandbox never runs dry.
 */
import type { ClockInfo } from "../ticketmaster/clock";
import { startTicketmasterFake, type TicketmasterFake } from "../ticketmaster/server";
import { buildSandboxWorld, DEFAULT_SANDBOX_SEED } from "./build-world";
import { TIMELINE_HORIZON_MS } from "./timeline";

/** World ms per real ms; see the file comment for why 60. */
export const DEFAULT_SANDBOX_SPEED = 60;
export const SANDBOX_KEY = "sandbox";

/** How often (real ms) the sandbox checks whether its script has run out. */
const RENEW_CHECK_MS = 30_000;

export interface SandboxOptions {
  port?: number;
  host?: string;
  speed?: number;
  startAt?: Date;
  seed?: number;
  key?: string;
  /** Rebuild the world when the timeline ends (default true). */
  renew?: boolean;
}

export interface SandboxClock {
  speed: number;
  /** World time at sandbox start. */
  startAt: Date;
  /** The sandbox's world time; an app that wants dates to line up with the script can use this as its clock. */
  now(): Date;
  readInfo(): ClockInfo;
}

export interface Sandbox {
  url: string;
  key: string;
  clock: SandboxClock;
  /** The underlying fake, for the control methods (call log, failures, quota). */
  fake: TicketmasterFake;
  close(): Promise<void>;
}

/** Loads a fresh world starting at the current world time once the timeline has run out; true if it did. */
export function renewWorldIfScriptEnded(fake: TicketmasterFake, nextSeed: number): boolean {
  const info = fake.readClock();
  if (info.elapsedMs < TIMELINE_HORIZON_MS) return false;
  fake.loadWorld(buildSandboxWorld(nextSeed, new Date(info.worldNow)));
  return true;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const speed = opts.speed ?? DEFAULT_SANDBOX_SPEED;
  const seed = opts.seed ?? DEFAULT_SANDBOX_SEED;
  const key = opts.key ?? SANDBOX_KEY;
  const world = buildSandboxWorld(seed, opts.startAt ?? new Date());
  const fake = await startTicketmasterFake({ port: opts.port ?? 0, host: opts.host, key, world, speed });

  let generation = 0;
  const timer =
    opts.renew === false
      ? null
      : setInterval(() => {
          if (renewWorldIfScriptEnded(fake, seed + generation + 1)) generation += 1;
        }, RENEW_CHECK_MS);
  timer?.unref();

  return {
    url: fake.url,
    key,
    fake,
    clock: {
      speed,
      startAt: new Date(fake.readClock().worldStartAt),
      now: () => new Date(fake.readClock().worldNow),
      readInfo: () => fake.readClock(),
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await fake.close();
    },
  };
}
