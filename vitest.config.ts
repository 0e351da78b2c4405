import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root, "server-only": `${root}test/support/server-only.ts` };
// Fault tests restart the shared PostgreSQL server and signal real processes: only `npm run test:faults`
// (which sets this) runs them, never `npm test` or `npm run test:db` beside other suites.
const faults = {
  resolve: { alias },
  test: { name: "faults", include: ["test/faults/**/*.test.ts"], environment: "node", testTimeout: 240_000, hookTimeout: 300_000, fileParallelism: false },
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/golden/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      ...(process.env.SEATWATCH_FAULT_TESTS === "1" ? [faults] : []),
    ],
  },
});
