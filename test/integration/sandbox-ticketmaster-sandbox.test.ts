import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renewWorldIfScriptEnded, startSandbox, type Sandbox } from "@/server/sandbox/world/start-sandbox";
import { TIMELINE_HORIZON_MS } from "@/server/sandbox/world/timeline";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const START = new Date("2026-03-02T10:00:00Z");

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("startSandbox", () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, startAt: START, renew: false });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it("serves the built-in world on loopback with the sandbox key and a 60x clock", async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.key).toBe("sandbox");
    expect(sandbox.clock.speed).toBe(60);
    expect(sandbox.clock.startAt.toISOString()).toBe(START.toISOString());
    const response = await fetch(`${sandbox.url}/discovery/v2/events.json?apikey=sandbox&size=199`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.page.totalElements).toBeGreaterThan(250);
    expect(body.page.totalElements).toBeLessThan(350);
  });

  it("moves through its timeline as the world clock advances", async () => {
    const before = sandbox.fake.describeWorld().appliedSteps;
    sandbox.fake.advanceClock(24 * 3_600_000);
    expect(sandbox.fake.describeWorld().appliedSteps).toBeGreaterThan(before + 3);
    expect(sandbox.clock.now().getTime()).toBeGreaterThanOrEqual(START.getTime() + 24 * 3_600_000);
  });

  it("renews the world once the script has run out", () => {
    expect(renewWorldIfScriptEnded(sandbox.fake, 7)).toBe(false);
    sandbox.fake.setClock({ elapsedMs: TIMELINE_HORIZON_MS });
    const worldNow = sandbox.fake.readClock().worldNow;
    expect(renewWorldIfScriptEnded(sandbox.fake, 7)).toBe(true);
    expect(sandbox.fake.readClock().elapsedMs).toBeLessThan(60_000);
    expect(Math.abs(sandbox.fake.readClock().worldNow - worldNow)).toBeLessThan(120_000);
    expect(sandbox.fake.describeWorld().events).toBeGreaterThan(250);
  });
});

describe("npm run fake:ticketmaster (server/sandbox/cli.ts)", () => {
  let child: ChildProcess;
  let url = "";

  beforeAll(async () => {
    child = spawn(`${ROOT}node_modules/.bin/tsx`, ["server/sandbox/cli.ts", "ticketmaster", "--port", "0", "--key", "good"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    url = await new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/^(http:\/\/\S+)\n/);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`cli exited early with ${code}`)));
    });
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("prints its URL and answers an unknown key with the documented 401 body", async () => {
    const response = await fetch(`${url}/discovery/v2/events.json?apikey=bad`);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('{"fault":{"faultstring":"Invalid ApiKey","detail":{"errorcode":"oauth.v2.InvalidApiKey"}}}');
  });

  it("sends Rate-Limit headers to the configured key, rejects size=200, and spike-arrests calls 50 ms apart", async () => {
    const ok = await fetch(`${url}/discovery/v2/events.json?apikey=good`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("rate-limit")).toBe("5000");
    await pause(300);
    const tooBig = await fetch(`${url}/discovery/v2/events.json?apikey=good&size=200`);
    expect(tooBig.status).toBe(400);
    expect((await tooBig.json()).errors[0].code).toBe("DIS1036");
    await pause(300);
    expect((await fetch(`${url}/discovery/v2/events.json?apikey=good&size=1`)).status).toBe(200);
    await pause(50);
    const arrested = await fetch(`${url}/discovery/v2/events.json?apikey=good&size=1`);
    expect(arrested.status).toBe(429);
    expect((await arrested.json()).fault.detail.errorcode).toBe("policies.ratelimit.SpikeArrestViolation");
  });
});
