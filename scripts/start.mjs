// `npm start`: builds the app when there is no build or the sources are newer than it, then serves it.
// A newcomer runs `npm install && npm start` and nothing else.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const buildId = path.join(root, ".next", "BUILD_ID");
const sourceDirs = ["app", "server", "db", "jobs", "public"];
const sourceFiles = ["package.json", "next.config.ts", "instrumentation.ts", "proxy.ts", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function needsBuild() {
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return [...sourceDirs, ...sourceFiles].some((entry) => newestMtime(path.join(root, entry)) > builtAt);
}

if (needsBuild()) {
  console.log("Building Seatwatch (first start, or the code changed)…");
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// In this process, so a SIGTERM reaches the server that drains requests and jobs (scripts/serve.mjs).
await import("./serve.mjs");
