/**
 * The fake's two notions of time. The *real* clock (injectable, default Date.now) drives the gateway: quota
 * windows, Rate-Limit-Reset and spike arrest, because clients pace themselves in real time. The *world*
 * clock drives the scripted timeline and may run faster (`speed`), so a sandbox can show a week of ticketing
 * news in a few hours.
 */

export interface ClockInfo {
  /** Real clock, epoch ms (after any control-API advance). */
  realNow: number;
  /** World clock, epoch ms. */
  worldNow: number;
  worldNowIso: string;
  /** World clock value at world start, epoch ms. */
  worldStartAt: number;
  /** World ms since world start: the timeline position. */
  elapsedMs: number;
  /** World ms per real ms. */
  speed: number;
}

export class FakeClock {
  private readonly baseNow: () => number;
  private realOffset = 0;
  private anchorReal: number;
  private anchorWorld: number;
  private worldStartAt: number;
  private speed: number;

  constructor(options: { now?: () => number; worldStartAt?: number; speed?: number } = {}) {
    this.baseNow = options.now ?? Date.now;
    this.speed = validateSpeed(options.speed ?? 1);
    this.anchorReal = this.realNow();
    this.worldStartAt = options.worldStartAt ?? this.anchorReal;
    this.anchorWorld = this.worldStartAt;
  }

  realNow(): number {
    return this.baseNow() + this.realOffset;
  }

  worldNow(): number {
    return this.anchorWorld + (this.realNow() - this.anchorReal) * this.speed;
  }

  elapsedMs(): number {
    return this.worldNow() - this.worldStartAt;
  }

  /** Restarts the world clock at `worldStartAt` (or at real now) — used when a world is loaded. */
  restartWorld(worldStartAt?: number): void {
    this.anchorReal = this.realNow();
    this.worldStartAt = worldStartAt ?? this.anchorReal;
    this.anchorWorld = this.worldStartAt;
  }

  /**
   * Moves time forward by `worldMs` of world time; the real clock moves by worldMs/speed so quota windows
   * and spike arrest see the same passage of time a client would.
   */
  advance(worldMs: number): void {
    if (!(worldMs >= 0)) throw new RangeError("advance takes a non-negative number of ms");
    this.realOffset += worldMs / this.speed;
  }

  /** Jumps the world (not the real clock) to a timeline position; backwards jumps replay the timeline. */
  setElapsed(elapsedMs: number): void {
    this.anchorReal = this.realNow();
    this.anchorWorld = this.worldStartAt + elapsedMs;
  }

  setSpeed(speed: number): void {
    const worldNow = this.worldNow();
    this.anchorReal = this.realNow();
    this.anchorWorld = worldNow;
    this.speed = validateSpeed(speed);
  }

  info(): ClockInfo {
    const worldNow = this.worldNow();
    return {
      realNow: this.realNow(),
      worldNow,
      worldNowIso: new Date(worldNow).toISOString(),
      worldStartAt: this.worldStartAt,
      elapsedMs: worldNow - this.worldStartAt,
      speed: this.speed,
    };
  }
}

function validateSpeed(speed: number): number {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError("speed must be a positive number");
  return speed;
}
