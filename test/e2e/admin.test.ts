import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { createKeywordWatch, DEMO_FAN, expectPageBasics, settle, signIn, waitFor } from "./support/flows";
import { describeE2E } from "./support/suite";

/** Polling starts a few seconds after boot; on a busy machine the first calls may take a while. */
const FIRST_CALLS_TIMEOUT = 90_000;

type LedgerRow = { provider: string; keyLabel: string; countedInWindow: number; callsLastHour: number };

/** The embedded default prints the demo admin's random password once, when it creates the account. */
function readDemoAdmin(logFile: string) {
  const match = / {2}demo admin: (\S+) \/ (\S+) \(shown once/.exec(readFileSync(logFile, "utf8"));
  return match ? { email: match[1]!, password: match[2]! } : null;
}

/** The call ledger counted row by row on the server, through the admin API the page itself uses. */
async function readLedger(page: Page): Promise<LedgerRow[]> {
  const response = await page.request.get("/api/trpc/admin.quotaLedger");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: { data: { json: LedgerRow[] } } }).result.data.json;
}

async function readOperations(page: Page) {
  const response = await page.request.get("/api/trpc/admin.operations");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: { data: { json: { queries: { polledLastHour: number } } } } }).result.data.json;
}

const toNumber = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

describeE2E("admin", (e2e) => {
  let page: Page;

  beforeAll(async () => {
    const admin = await waitFor("the demo admin in the server log", async () => readDemoAdmin(e2e.server.logFile), 30_000);
    page = await e2e.newPage(await e2e.newContext());
    await signIn(e2e, page, admin);
    // A watch gives the engine a query to poll, so the ledger holds polls as well as the boot sweep.
    await createKeywordWatch(page, `Quota check ${e2e.viewport.name}`, "Arsenal");
  });

  test("the quota page shows exactly the calls in the ledger once the engine has polled", async () => {
    await waitFor("a query polled by the engine", async () => (await readOperations(page)).queries.polledLastHour > 0, FIRST_CALLS_TIMEOUT, 1_000);
    const [first] = await readLedger(page);
    expect(first!.countedInWindow).toBeGreaterThan(0);
    // Polling goes on while we look: compare a page rendered between two identical ledger readings.
    const seen = await waitFor("a quota page between two identical ledger readings", async () => {
      const before = await readLedger(page);
      await page.goto("/admin/quota");
      await settle(page);
      const card = page.locator("section").filter({ has: page.locator("code", { hasText: first!.keyLabel }) });
      const used = toNumber(((await card.getByTestId("quota-used").textContent()) ?? "").split("/")[0]!);
      const lastHour = toNumber(await card.getByTestId("quota-last-hour").textContent());
      // The burn-down's line ends at the calls the ledger holds for this window.
      const burnDown = await card.getByTestId("quota-burn-down").getAttribute("aria-label");
      const burnedDown = Number(/^Burn-down: (\d+) calls in the ledger this window, \d+ at an even pace, limit \d+\.$/.exec(burnDown ?? "")?.[1]);
      const after = await readLedger(page);
      const row = after.find((item) => item.keyLabel === first!.keyLabel)!;
      const isStill = JSON.stringify(before) === JSON.stringify(after);
      return isStill ? { used, lastHour, burnedDown, row } : null;
    }, 60_000, 500);
    expect({ used: seen.used, lastHour: seen.lastHour, burnedDown: seen.burnedDown }).toEqual({ used: seen.row.countedInWindow, lastHour: seen.row.callsLastHour, burnedDown: seen.row.countedInWindow });
    // The chart draws the used line, the limit and the even pace.
    const chart = page.getByTestId("quota-burn-down").first();
    expect(await chart.locator(".recharts-line").count()).toBe(3);
    // The polled query has spent calls today; the check-overdue list is there (empty or not).
    const polled = page.locator("tr").filter({ hasText: "keyword: Arsenal" }).first();
    expect(toNumber(await polled.getByTestId("query-calls-today").textContent())).toBeGreaterThan(0);
    await page.getByRole("heading", { name: /^Check-overdue watches \(\d+\)$/ }).waitFor();
    expect(seen.used).toBeGreaterThan(0);
    // The polling key's reserve: the gate stops 250 short of the limit.
    const polling = page.locator("section").filter({ has: page.locator("code", { hasText: first!.keyLabel }) });
    expect(await polling.getByTestId("quota-reserve").textContent()).toBe("250 held back (polling stops at 4,750)");
    expect(await page.getByTestId("quota-verdict").first().textContent()).toMatch(/^(On track|Ahead of pace|Nearly spent): [\d,]+ of [\d,]+ calls used, \d+% of the window gone/);
    await expectPageBasics(page);
    await e2e.screenshot(page, "admin-quota");
  });

  test("the operations page shows the scheduler, job runs, deliveries and the sandbox clock", async () => {
    await page.goto("/admin/operations");
    await settle(page);
    await page.getByRole("heading", { level: 1, name: "Operations" }).waitFor();
    expect(await page.getByTestId("sandbox-clock").textContent()).toMatch(/^Sandbox world time .+ ahead of real time/);
    expect(await page.getByTestId("scheduler-verdict").textContent()).toMatch(/^(Keeping up|Behind|No provider queries)/);
    // Jobs have run since boot (the catalogue sweep at least).
    await waitFor("job runs on the page", async () => {
      if ((await page.getByTestId("job-table").count()) > 0) return true;
      await page.reload();
      await settle(page);
      return false;
    }, 30_000, 1_000);
    expect(await page.getByTestId("job-table").textContent()).toMatch(/catalog\.sweep|engine\.plan|ticketmaster\.poll/);
    await page.getByRole("heading", { name: "Deliveries per channel, last 24 h" }).waitFor();
    await expectPageBasics(page);
    await e2e.screenshot(page, "admin-operations");
  });

  test("the users page finds an account and will not let the admin disable themself", async () => {
    await page.goto("/admin/users");
    await settle(page);
    await page.getByLabel("Search by email or name").fill("seatwatch.local");
    const list = page.getByTestId("user-list");
    await list.getByText(DEMO_FAN.email, { exact: true }).waitFor();
    const self = page.getByRole("button", { name: /^Disable admin@seatwatch\.local$/ });
    expect(await self.isDisabled()).toBe(true);
    expect(await page.getByLabel(`Tier for ${DEMO_FAN.email}`).inputValue()).toMatch(/^(basic|premium)$/);
    await expectPageBasics(page);
    await e2e.screenshot(page, "admin-users");
  });

  test("a fan is refused the admin pages and the admin API", async () => {
    const fanPage = await e2e.newPage(await e2e.newContext());
    await signIn(e2e, fanPage, DEMO_FAN);
    e2e.allowConsoleError(/status of 404/);
    const response = await fanPage.goto("/admin/operations");
    expect(response?.status()).toBe(404);
    expect(await fanPage.getByRole("link", { name: "Operations" }).count()).toBe(0);
    const api = await fanPage.request.get("/api/trpc/admin.operations");
    expect(api.status()).toBe(403);
    await fanPage.close();
  });
});
