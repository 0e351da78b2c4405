import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import webpush from "web-push";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FAN } from "./support/flows";
import { buildApp, removeServerFolder, startAppServer, type AppServer } from "./support/server";

/**
 * Secrets stay on the server: the app is built with distinctive fake values for every secret variable, and
 * nothing the browser can fetch holds one — the client bundle (.next/static), any prerendered page, and the
 * pages a signed-out and a signed-in visitor get from a server running with them.
 *
 * This file runs its own `next build` (into .next, like the other browser suites): run it under the build
 * lock, e.g. `flock /tmp/next-build.lock npx vitest run test/e2e/security-bundle.test.ts`.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const vapid = webpush.generateVAPIDKeys();

/** Fresh for every run, so no value can be left over from an earlier build. */
const SECRETS: Record<string, string> = {
  BETTER_AUTH_SECRET: `fake-better-auth-secret-${hex(16)}`,
  RESEND_API_KEY: `re_fake_${hex(12)}`,
  TWILIO_AUTH_TOKEN: hex(16),
  TICKETMASTER_API_KEY: `tmfake${hex(12)}`,
  TICKETMASTER_PARTNER_API_KEY: `tmpartnerfake${hex(12)}`,
  VAPID_PRIVATE_KEY: vapid.privateKey,
};
/** Not secret, but each secret above needs its companions for the environment to be a valid one. */
const COMPANIONS: Record<string, string> = {
  EMAIL_FROM: "Seatwatch <alerts@example.test>",
  TWILIO_ACCOUNT_SID: `AC${hex(16)}`,
  TWILIO_FROM: "+447700900000",
  VAPID_PUBLIC_KEY: vapid.publicKey,
  VAPID_SUBJECT: "mailto:ops@example.test",
};

/** The ways a value could appear: as it is, and base64-encoded (a naive "obfuscation"). */
function encodingsOf(secret: string): string[] {
  return [secret, Buffer.from(secret).toString("base64").replace(/=+$/, "")];
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** Every (secret, file) pair where a secret shows up in one of the files. */
function findSecrets(files: string[], secrets: Record<string, string>): { name: string; file: string }[] {
  const found: { name: string; file: string }[] = [];
  for (const file of files) {
    const text = readFileSync(file, "latin1");
    for (const [name, value] of Object.entries(secrets)) {
      if (encodingsOf(value).some((encoded) => text.includes(encoded))) found.push({ name, file: path.relative(root, file) });
    }
  }
  return found;
}

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "seatwatch-secrets-"));
  const logFile = path.join(workDir, "build.log");
  const code = await buildApp(logFile, { ...SECRETS, ...COMPANIONS });
  if (code !== 0) throw new Error(`next build with the fake secrets failed (${code}):\n${readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n")}`);
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("secrets in the client bundle", () => {
  it("finds a planted secret (the scan can fail)", async () => {
    const planted = path.join(workDir, "planted.js");
    await writeFile(planted, `const config = ${JSON.stringify({ key: Buffer.from(SECRETS.TWILIO_AUTH_TOKEN!).toString("base64") })};`);
    expect(findSecrets([planted], SECRETS)).toEqual([{ name: "TWILIO_AUTH_TOKEN", file: path.relative(root, planted) }]);
  });

  it("holds none of the configured secret values in .next/static or any prerendered page", () => {
    const files = [...filesUnder(path.join(root, ".next", "static")), ...filesUnder(path.join(root, ".next", "server", "app")).filter((file) => /\.(html|rsc|body|meta)$/.test(file))];
    expect(files.filter((file) => file.endsWith(".js")).length).toBeGreaterThan(10);
    expect(findSecrets(files, SECRETS)).toEqual([]);
  });
});

describe("secrets in served pages", () => {
  let server: AppServer;
  let failed = false;

  beforeAll(async () => {
    // Only the secrets that need no network at run time (the vendors' keys would make the app call them).
    server = await startAppServer({ env: { BETTER_AUTH_SECRET: SECRETS.BETTER_AUTH_SECRET!, VAPID_PRIVATE_KEY: SECRETS.VAPID_PRIVATE_KEY!, VAPID_PUBLIC_KEY: COMPANIONS.VAPID_PUBLIC_KEY!, VAPID_SUBJECT: COMPANIONS.VAPID_SUBJECT! } });
  });
  afterAll(async () => {
    await server?.stop();
    if (server && !failed) await removeServerFolder(server);
  });

  it("serves signed-out and signed-in pages, and the push key endpoint, without a secret", async () => {
    try {
      const bodies: string[] = [];
      for (const page of ["/sign-in", "/sign-up", "/forgot-password"]) bodies.push(await (await fetch(`${server.url}${page}`)).text());
      const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: DEMO_FAN.email, password: DEMO_FAN.password }) });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
      for (const page of ["/", "/watches", "/alerts", "/settings", "/events"]) {
        const response = await fetch(`${server.url}${page}`, { headers: { cookie }, redirect: "manual" });
        expect(response.status, page).toBe(200);
        bodies.push(await response.text());
      }
      const vapidKey = await (await fetch(`${server.url}/api/notifications/vapid-public-key`)).text();
      expect(vapidKey).toContain(COMPANIONS.VAPID_PUBLIC_KEY);
      bodies.push(vapidKey);
      const served = path.join(workDir, "served.txt");
      await writeFile(served, bodies.join("\n"));
      expect(findSecrets([served], { BETTER_AUTH_SECRET: SECRETS.BETTER_AUTH_SECRET!, VAPID_PRIVATE_KEY: SECRETS.VAPID_PRIVATE_KEY! })).toEqual([]);
    } catch (error) {
      failed = true;
      throw error;
    }
  });
});
