/**
 * The per-address sign-in limit counts the client address from X-Forwarded-For. Behind a proxy (the default) the
 * proxy's header is believed; with SEATWATCH_TRUST_PROXY=false `npm start` faces clients directly and puts the
 * connection's own address there, so a client cannot dodge the limit by sending a new address each time.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort, startWeb, type WebProcess } from "../faults/support/web-process";

const started: WebProcess[] = [];
const folders: string[] = [];

afterAll(async () => {
  await Promise.all(started.map((web) => web.stop()));
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function startInstance(env: Record<string, string>) {
  const folder = await mkdtemp(path.join(tmpdir(), "seatwatch-client-address-"));
  folders.push(folder);
  const port = await findFreePort();
  const web = await startWeb({ PORT: String(port), APP_URL: `http://localhost:${port}`, SEATWATCH_DATA_DIR: path.join(folder, "data"), SEATWATCH_JOBS: "false", ...env });
  started.push(web);
  return web;
}

/** Four wrong sign-ins from this one connection source, each claiming another address. */
async function spoofedSignIns(web: WebProcess) {
  const statuses: number[] = [];
  for (let i = 1; i <= 4; i += 1) {
    const response = await fetch(`${web.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: web.url, "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `203.0.113.${i}` },
      body: JSON.stringify({ email: `nobody-${i}@example.test`, password: "a wrong password" }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

describe("client addresses for the rate limits", () => {
  it("facing clients directly (SEATWATCH_TRUST_PROXY=false), counts the connection's address whatever X-Forwarded-For says", async () => {
    const web = await startInstance({ SEATWATCH_TRUST_PROXY: "false" });
    expect(await spoofedSignIns(web)).toEqual([401, 401, 401, 429]);
  });

  it("behind a proxy (the default), believes the proxy's X-Forwarded-For: four addresses, four allowances", async () => {
    const web = await startInstance({});
    expect(await spoofedSignIns(web)).toEqual([401, 401, 401, 401]);
  });

  it("refuses a SEATWATCH_TRUST_PROXY that is not a yes or no, naming the variable", async () => {
    await expect(startInstance({ SEATWATCH_TRUST_PROXY: "maybe" })).rejects.toThrow(/SEATWATCH_TRUST_PROXY: expected true\/false/);
  });
});
