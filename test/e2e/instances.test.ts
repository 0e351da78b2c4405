/**
 * `PORT` and `SEATWATCH_DATA_DIR` (or `DATABASE_URL`) choose where `npm start` listens and what it stores, so
 * several instances run side by side on one machine: each answers on its own port and keeps its own data.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { watches } from "@/db/schema";
import { createFaultDatabase, type FaultDatabase } from "../faults/support/fault-database";
import { findFreePort, startWeb, type WebProcess } from "../faults/support/web-process";
import { DEMO_FAN } from "./support/flows";

const started: WebProcess[] = [];
const folders: string[] = [];
let postgres: FaultDatabase | null = null;

afterAll(async () => {
  await Promise.all(started.map((web) => web.stop()));
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  await postgres?.destroy();
});

async function startInstance(env: Record<string, string>) {
  const port = await findFreePort();
  const web = await startWeb({ PORT: String(port), APP_URL: `http://localhost:${port}`, SEATWATCH_JOBS: "false", ...env });
  started.push(web);
  return web;
}

async function newFolder() {
  const folder = await mkdtemp(path.join(tmpdir(), "seatwatch-instances-"));
  folders.push(folder);
  return path.join(folder, "data");
}

/** Signs the demo fan in (the boot makes it, perhaps after the sign-in page first answers); returns the cookie. */
async function signIn(web: WebProcess) {
  for (let i = 0; i < 200 && !web.output.some((line) => line.includes("Seatwatch is running")); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  const response = await fetch(`${web.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web.url },
    body: JSON.stringify({ email: DEMO_FAN.email, password: DEMO_FAN.password }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

async function createWatch(web: WebProcess, cookie: string, name: string) {
  const response = await fetch(`${web.url}/api/trpc/watches.create`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web.url, cookie },
    body: JSON.stringify({ json: { name, keyword: name } }),
  });
  expect(response.status).toBe(200);
}

async function watchNames(web: WebProcess, cookie: string): Promise<string[]> {
  const response = await fetch(`${web.url}/api/trpc/watches.list`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { name: string }[] } } };
  return body.result.data.json.map((watch) => watch.name);
}

describe("instances side by side", () => {
  it("two instances with their own PORT and SEATWATCH_DATA_DIR answer on their ports and keep their own data", async () => {
    const [folderA, folderB] = [await newFolder(), await newFolder()];
    const [a, b] = await Promise.all([startInstance({ SEATWATCH_DATA_DIR: folderA }), startInstance({ SEATWATCH_DATA_DIR: folderB })]);
    expect(a.port).not.toBe(b.port);
    const [cookieA, cookieB] = await Promise.all([signIn(a), signIn(b)]);

    await createWatch(a, cookieA, "Only on instance A");
    await createWatch(b, cookieB, "Only on instance B");
    expect(await watchNames(a, cookieA)).toContain("Only on instance A");
    expect(await watchNames(a, cookieA)).not.toContain("Only on instance B");
    expect(await watchNames(b, cookieB)).toContain("Only on instance B");
    expect(await watchNames(b, cookieB)).not.toContain("Only on instance A");
    // Each folder holds a PGlite database of its own.
    for (const folder of [folderA, folderB]) expect(await readdir(folder)).toContain("PG_VERSION");
  });

  it("keeps the development mailbox off on a production start that does not open it (npm start on PGlite included)", async () => {
    const web = started[0]!;
    // Sign-up on this instance put a confirmation email in the mailbox; nobody may read it through the app.
    const signUp = await fetch(`${web.url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: web.url },
      body: JSON.stringify({ email: "someone-else@example.test", password: "a long enough password", name: "Someone" }),
    });
    expect(signUp.status).toBe(200);
    const asked = await fetch(`${web.url}/api/trpc/dev.mailbox`);
    expect(asked.status).toBe(403);
    expect(await asked.text()).not.toContain("someone-else@example.test");
    const page = await (await fetch(`${web.url}/dev/mailbox`)).text();
    expect(page).toContain("The development mailbox is off.");
    expect(page).not.toContain("someone-else@example.test");
    expect(web.output.join("\n")).toContain("start with SEATWATCH_DEV_MAILBOX=open to read them at /dev/mailbox");
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))("an instance on DATABASE_URL stores in PostgreSQL and leaves SEATWATCH_DATA_DIR unused", async () => {
    postgres = await createFaultDatabase();
    const unused = await newFolder();
    const web = await startInstance({ ...postgres.env, SEATWATCH_DATA_DIR: unused, BETTER_AUTH_SECRET: "instances-test-secret-0123456789abcdef0123456789" });
    const cookie = await signIn(web);
    await createWatch(web, cookie, "Stored in PostgreSQL");
    const rows = await postgres.shared!.db.select({ name: watches.name }).from(watches);
    expect(rows.map((row) => row.name)).toContain("Stored in PostgreSQL");
    await expect(readdir(unused)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
