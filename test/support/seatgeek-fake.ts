import { afterAll, beforeAll, beforeEach } from "vitest";
import { startSeatGeekFake, type SeatGeekFake } from "@/server/sandbox/seatgeek/server";

/**
 * One SeatGeek fake for a test file: started before its tests, reset to `now` before each, closed after.
 * Returns a getter, since the fake exists only once `beforeAll` has run.
 */
export function useSeatGeekFake(options: { now: string; key: string }): () => SeatGeekFake {
  let fake: SeatGeekFake | null = null;
  beforeAll(async () => {
    fake = await startSeatGeekFake(options);
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    fake!.reset();
    fake!.setClock(options.now);
  });
  return () => fake!;
}
