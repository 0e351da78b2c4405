import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobRuns } from "@/db/schema";
import { startJobRunner, toSlot } from "@/jobs/runner";
import type { JobDefinition } from "@/jobs/types";
import { createFakeProvider } from "../support/fake-provider";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const events = { provider: createFakeProvider(), dataSource: "sandbox" as const, keyLabel: "tm:test", sweepCountries: [], now: () => new Date(), readCircuit: () => ({ state: "closed" as const, consecutiveFailures: 0, openedAt: null, retryAt: null }), enrich: async (list: import("@/server/providers/types").Event[]) => list, hasSectionData: false, close: async () => undefined };

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

describe("job runner", () => {
  it("runs a tick once however many runners race for it", async () => {
    let runs = 0;
    const job: JobDefinition = { id: "test.count", schedule: "* * * * *", batch: 10, run: async () => { runs += 1; return 1; } };
    const runners = Array.from({ length: 5 }, (_, index) => startJobRunner({ db: database.db, events, jobs: [job], owner: `runner-${index}`, schedule: false, log: () => undefined }));
    const slot = toSlot(new Date("2026-11-21T10:00:00.400Z"));
    const outcomes = await Promise.all(runners.map((runner) => runner.runOnce(job, slot)));
    expect(outcomes.filter((outcome) => outcome === "ran")).toHaveLength(1);
    expect(runs).toBe(1);
    const rows = await database.db.select().from(jobRuns);
    expect(rows).toMatchObject([{ jobId: "test.count", slot: "2026-11-21T10:00:00.000Z", status: "succeeded", processed: 1 }]);
    await Promise.all(runners.map((runner) => runner.stop()));
  });

  it("records a failing run with its error and keeps going", async () => {
    const job: JobDefinition = { id: "test.fail", schedule: "* * * * *", batch: 1, run: async () => { throw new Error("provider down"); } };
    const runner = startJobRunner({ db: database.db, events, jobs: [job], schedule: false, log: () => undefined });
    expect(await runner.runOnce(job, toSlot(new Date()))).toBe("failed");
    const rows = await database.db.select().from(jobRuns);
    expect(rows.find((row) => row.jobId === "test.fail")).toMatchObject({ status: "failed", error: "provider down" });
    await runner.stop();
  });
});
