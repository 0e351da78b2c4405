/**
 * The fake's state and the in-process control methods; the HTTP layer (server.ts, control.ts) only
 * translates requests into calls on this object.
 */
import { CallLog, type CallLogEntry } from "./call-log";
import { FakeClock, type ClockInfo } from "./clock";
import { FailureQueue, type FailureSpec } from "./failures";
import { buildCountryFeed, buildFeedMetadata } from "./feed";
import { Gateway, type QuotaSnapshot } from "./gateway";
import { createDefaultOptions, mergeOptions, type OptionsPatch, type TunableOptions } from "./options";
import type { World } from "./types";
import { parseWorld } from "./world-schema";
import { WorldState, type WorldView } from "./world-state";

export interface WorldSummary {
  events: number;
  attractions: number;
  venues: number;
  timelineSteps: number;
  appliedSteps: number;
  /** Timeline position of the next unapplied step, null when the script is done. */
  nextStepAt: number | null;
}

/** A timeline position (`elapsedMs`) or a world instant (`worldTime`), and/or a new speed. */
export interface ClockChange {
  elapsedMs?: number;
  worldTime?: string | number;
  speed?: number;
}

const EMPTY_WORLD: World = { events: [], attractions: [], venues: [], timeline: [] };

export class FakeCore {
  readonly clock: FakeClock;
  readonly gateway: Gateway;
  readonly callLog = new CallLog();
  readonly failures = new FailureQueue();
  private currentOptions: TunableOptions;
  private state: WorldState;
  private feedState: WorldState;
  private requestCount = 0;

  constructor(init: { world?: World; now?: () => number; speed?: number; options: TunableOptions }) {
    this.currentOptions = init.options;
    this.gateway = new Gateway(() => this.currentOptions);
    const world = init.world ? parseWorld(init.world) : EMPTY_WORLD;
    this.state = new WorldState(world);
    this.feedState = new WorldState(world);
    this.clock = new FakeClock({ now: init.now, speed: init.speed, worldStartAt: this.state.startAt });
  }

  static withDefaults(init: { world?: World; now?: () => number; speed?: number; keys?: string[]; options?: OptionsPatch }): FakeCore {
    const options = mergeOptions(createDefaultOptions(init.keys), init.options ?? {});
    return new FakeCore({ world: init.world, now: init.now, speed: init.speed, options });
  }

  /** Replaces the world and restarts the world clock at its `startAt` (or now). Counters are kept. */
  loadWorld(input: unknown): WorldSummary {
    const world = parseWorld(input);
    this.state = new WorldState(world);
    this.feedState = new WorldState(world);
    this.clock.restartWorld(this.state.startAt);
    return this.summarizeWorld();
  }

  /** The world as of the world clock. */
  view(): WorldView {
    return this.state.viewAt(this.clock.elapsedMs());
  }

  /** Feed file for a country, as generated at the last refresh boundary of the world clock. */
  buildFeed(countryCode: string) {
    const { elapsedMs, worldStartAt } = this.clock.info();
    const refresh = this.currentOptions.feedRefreshMs;
    const generatedElapsed = Math.floor(elapsedMs / refresh) * refresh;
    const view = this.feedState.viewAt(generatedElapsed);
    return buildCountryFeed(view, countryCode, worldStartAt + generatedElapsed, refresh);
  }

  buildFeedMetadata() {
    return buildFeedMetadata(this.view(), this.clock.worldNow());
  }

  nextSalt(): number {
    this.requestCount += 1;
    return this.requestCount;
  }

  summarizeWorld(): WorldSummary {
    const view = this.view();
    const next = this.state.timeline[this.state.appliedSteps];
    return {
      events: view.events.length,
      attractions: view.attractions.length,
      venues: view.venues.length,
      timelineSteps: this.state.timeline.length,
      appliedSteps: this.state.appliedSteps,
      nextStepAt: next ? next.at : null,
    };
  }

  advanceClock(ms: number): ClockInfo {
    this.clock.advance(ms);
    return this.clock.info();
  }

  setClock(target: ClockChange): ClockInfo {
    if (target.elapsedMs !== undefined) this.clock.setElapsed(target.elapsedMs);
    if (target.worldTime !== undefined) {
      const worldTime = typeof target.worldTime === "number" ? target.worldTime : Date.parse(target.worldTime);
      if (!Number.isFinite(worldTime)) throw new RangeError("worldTime is not a valid instant");
      this.clock.setElapsed(worldTime - this.clock.info().worldStartAt);
    }
    if (target.speed !== undefined) this.clock.setSpeed(target.speed);
    return this.clock.info();
  }

  readClock(): ClockInfo {
    return this.clock.info();
  }

  listCalls(): CallLogEntry[] {
    return this.callLog.list();
  }

  clearCalls(): void {
    this.callLog.clear();
  }

  /** Forgets quota windows, spike-arrest history, the call log and pending failures. */
  resetCounters(): void {
    this.gateway.reset();
    this.callLog.clear();
    this.failures.clear();
  }

  readOptions(): TunableOptions {
    return structuredClone(this.currentOptions);
  }

  setOptions(patch: OptionsPatch): TunableOptions {
    this.currentOptions = mergeOptions(this.currentOptions, patch);
    return this.readOptions();
  }

  injectFailure(spec: FailureSpec): void {
    this.failures.add(spec);
  }

  readQuota(key: string): QuotaSnapshot {
    return this.gateway.readQuota(key, this.clock.realNow());
  }

  listQuotas(): Record<string, QuotaSnapshot> {
    return this.gateway.listQuotas(this.clock.realNow());
  }
}
