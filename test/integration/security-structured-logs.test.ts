// First: the process logger writes where this test can read it (see the module).
import { capturedLines, capturedRecords } from "./security-log-capture";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobRunner, toSlot } from "@/jobs/runner";
import type { JobDefinition } from "@/jobs/types";
import { createFakeProvider } from "../support/fake-provider";
import { createCliStore, runNpmScript, type CliStore } from "../support/cli";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Command-line tools that print their result for a person (docs/operations.md, "Logs"). */
const HUMAN_CLIS = new Set(["server/sandbox/cli.ts"]);

const events = { provider: createFakeProvider(), dataSource: "sandbox" as const, keyLabel: "tm:test", sweepCountries: [], now: () => new Date(), readCircuit: () => ({ state: "closed" as const, consecutiveFailures: 0, openedAt: null, retryAt: null }), enrich: async (list: import("@/server/providers/types").Event[]) => list, hasSectionData: false, close: async () => undefined };

async function listSources(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, folder), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name)).map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** The JSON lines among a process's output, parsed (a line that is not JSON fails the test). */
function jsonLines(output: string) {
  return output
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a structured log line: ${line}`);
      }
    });
}

describe("structured logs from long-running server code", () => {
  it("leaves no console call in the server, the jobs or the database code, only in CLIs that print for a person", async () => {
    const files = [...(await listSources("server")), ...(await listSources("jobs")), ...(await listSources("db"))];
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) {
      if (HUMAN_CLIS.has(file)) continue;
      const text = await readFile(path.join(ROOT, file), "utf8");
      text.split("\n").forEach((line, index) => {
        if (/\bconsole\.(log|info|warn|error|debug|trace)\b/.test(line)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  describe("job runner", () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => database?.destroy());

    it("logs a failed run as an error of its job, through the redacting logger", async () => {
      const secret = "sw_RunnerLogCheckRunnerLogCheckRunnerLogCheck01";
      const job: JobDefinition = {
        id: "test.log-fail",
        schedule: "* * * * *",
        batch: 1,
        run: async (context) => {
          context.log("query q-1: HTTP 503 from the provider");
          throw new Error(`provider refused Bearer ${secret} for +44 7700 900123`);
        },
      };
      const runner = startJobRunner({ db: database.db, events, jobs: [job], schedule: false });
      const slot = toSlot(new Date("2026-11-21T10:00:00Z"));
      expect(await runner.runOnce(job, slot)).toBe("failed");
      await runner.stop();

      expect(capturedLines.join("")).not.toContain(secret);
      expect(capturedLines.join("")).not.toContain("7700 900123");
      const records = capturedRecords().filter((record) => record.component === "test.log-fail");
      expect(records).toMatchObject([
        { level: "warn", msg: "query q-1: HTTP 503 from the provider" },
        { level: "error", slot, msg: expect.stringMatching(/^run 2026-11-21T10:00:00.000Z failed: provider refused Bearer \[redacted\] for •••0123$/) },
      ]);
    });
  });

  describe("command-line entry points", () => {
    let store: CliStore;
    beforeAll(async () => {
      store = await createCliStore();
    });
    afterAll(async () => store?.destroy());

    it("npm run db:migrate reports through the logger", async () => {
      const result = await runNpmScript("db:migrate", [], store.env);
      expect(result.code, result.stderr).toBe(0);
      const lines = jsonLines(result.stdout);
      expect(lines).toMatchObject([{ level: "info", service: "seatwatch", component: "migrate", kind: store.kind, msg: expect.stringMatching(/^Migrations applied \((pglite|postgres): /) }]);
    });

    it("npm run worker without DATABASE_URL logs why as an error and exits 2", async () => {
      const result = await runNpmScript("worker", [], {});
      expect(result.code, result.stderr).toBe(2);
      expect(jsonLines(result.stdout)).toMatchObject([{ level: "error", component: "worker", msg: expect.stringMatching(/^DATABASE_URL: the worker needs a PostgreSQL server/) }]);
    });
  });
});
