/**
 * Fairness when many fans match one scarce change (a section opening, a presale): the send order is a
 * shuffle, not sign-up order. Seeded from the change, so a worker that restarts mid-fan-out resumes in the
 * same order instead of favouring whoever it happens to pick first.
 */
import { createHash } from "node:crypto";

/** Uniform [0, 1) numbers from a string seed (SHA-256 → sfc32, a small fast generator). */
export function createSeededRandom(seed: string): () => number {
  const digest = createHash("sha256").update(seed).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** A uniformly random order (Fisher–Yates) drawn from `random`; the input is left as it was. */
export function shuffleFairly<T>(items: readonly T[], random: () => number): T[] {
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** The send order for a fan-out about one change; the same change id always gives the same order. */
export function orderFanOut<T>(recipients: readonly T[], changeId: string): T[] {
  return shuffleFairly(recipients, createSeededRandom(`fan-out:${changeId}`));
}
