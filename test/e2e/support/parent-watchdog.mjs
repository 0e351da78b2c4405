/* global setInterval, setTimeout */
// Preloaded into the e2e server (NODE_OPTIONS=--import): if the test process that started the server is gone
// (killed, or interrupted before its afterAll ran), the server ends itself instead of lingering.
const parentPid = Number(process.env.SEATWATCH_E2E_PARENT_PID);
if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      console.error(`[e2e] the test process ${parentPid} is gone; stopping this server`);
      process.kill(process.pid, "SIGTERM");
      setTimeout(() => process.exit(1), 5_000).unref();
    }
  }, 1_000).unref();
}
