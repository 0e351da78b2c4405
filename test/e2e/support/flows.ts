import { randomUUID } from "node:crypto";
import type { Page, Response } from "playwright-core";
import { expect } from "vitest";
import type { E2E } from "./suite";

/** The embedded default's demo fan (server/services/accounts.ts). */
export const DEMO_FAN = { email: "demo@seatwatch.local", password: "seatwatch-demo", name: "Demo Fan" } as const;

/** How long UI conditions may take: generous for 2 busy cores, bounded so a broken page fails in seconds. */
export const UI_TIMEOUT = 15_000;

export function uniqueEmail(prefix: string) {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

/** Calls a tRPC procedure from the page (its session cookie, its origin), as the app's own client does. */
export function callApi<T>(page: Page, kind: "query" | "mutation", path: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ kind, path, input }) => {
      const body = JSON.stringify({ json: input });
      const response =
        kind === "query"
          ? await fetch(`/api/trpc/${path}?input=${encodeURIComponent(body)}`)
          : await fetch(`/api/trpc/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
      const answer = await response.json();
      if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
      return answer.result.data.json;
    },
    { kind, path, input },
  ) as Promise<T>;
}

/** Polls `probe` until it returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T>, timeoutMs = UI_TIMEOUT, intervalMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Submits an auth form and returns Better Auth's answer. Its rate limiter allows 3 sign-ins (and 3 sign-ups)
 * per 10 s per client address, and every request here comes from 127.0.0.1: on a 429 we wait the
 * `X-Retry-After` it names and submit again.
 */
async function submitAuthForm(e2e: E2E, page: Page, endpoint: string, submit: () => Promise<void>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const answered = page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname === `/api/auth/${endpoint}`);
    await submit();
    const response = await answered;
    if (response.status() !== 429 || attempt === 4) return response;
    e2e.allowConsoleError(/status of 429/);
    const retryAfter = Number(response.headers()["x-retry-after"] ?? "10");
    await page.waitForTimeout((Math.min(Math.max(retryAfter, 1), 15) + 0.5) * 1000);
  }
}

export async function signIn(e2e: E2E, page: Page, account: { email: string; password: string } = DEMO_FAN) {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  const response = await submitAuthForm(e2e, page, "sign-in/email", () => page.getByRole("button", { name: "Sign in" }).click());
  expect(response.status(), `sign-in answered ${response.status()}`).toBe(200);
  await page.waitForURL((url) => url.pathname === "/");
  await page.getByRole("heading", { level: 1, name: /^Hi / }).waitFor();
}

/**
 * A newcomer's whole path: the sign-up form, "check your email", the development mailbox, the verification
 * link, and the dashboard it lands on (signed in). Returns the account.
 */
export async function signUpAndVerify(e2e: E2E, page: Page, name: string, email = uniqueEmail("fan"), password = `pw-${randomUUID()}`) {
  await page.goto("/sign-up");
  await page.getByRole("heading", { name: "Create your account" }).waitFor();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  const response = await submitAuthForm(e2e, page, "sign-up/email", () => page.getByRole("button", { name: "Create account" }).click());
  expect(response.status(), `sign-up answered ${response.status()}`).toBe(200);

  await page.waitForURL((url) => url.pathname === "/check-email");
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  expect(await page.getByText(email, { exact: true }).isVisible()).toBe(true);

  await page.getByRole("link", { name: "development mailbox" }).click();
  await page.waitForURL((url) => url.pathname === "/dev/mailbox");
  const mail = page.locator("section").filter({ hasText: `To: ${email}` }).first();
  await mail.waitFor();
  const link = mail.locator('a[href*="/api/auth/verify-email"]');
  expect(await link.count(), "the verification email has one link").toBe(1);
  await link.click();
  await page.waitForURL((url) => url.pathname === "/");
  return { name, email, password };
}

/** Goes to a main section the way a person would: the header nav, or the menu button on a phone. */
export async function navigateTo(e2e: E2E, page: Page, label: "Dashboard" | "Watches" | "Alerts" | "Events" | "Settings") {
  // "Alerts" carries its unread count in its name once alerts arrive ("Alerts 5 unread").
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: new RegExp(`^${label}(\\s|$)`) });
  if (e2e.viewport.isMobile) await page.getByRole("button", { name: "Open menu" }).click();
  await link.click();
  const path = { Dashboard: "/", Watches: "/watches", Alerts: "/alerts", Events: "/events", Settings: "/settings" }[label];
  await page.waitForURL((url) => url.pathname === path);
}

/** Form controls with no accessible name from a label, aria-label or aria-labelledby. */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const describe = (element: Element) => {
      const control = element as HTMLInputElement;
      const bits = [element.tagName.toLowerCase()];
      if (control.type) bits.push(`type=${control.type}`);
      if (element.id) bits.push(`#${element.id}`);
      if (control.name) bits.push(`name=${control.name}`);
      return bits.join(" ");
    };
    const text = (element: Element | null) => (element?.textContent ?? "").replace(/\s+/g, " ").trim();
    const missing: string[] = [];
    for (const element of document.querySelectorAll("input, select, textarea")) {
      const control = element as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
      if (control instanceof HTMLInputElement && ["hidden", "submit", "button", "reset", "image"].includes(control.type)) continue;
      const byLabel = Array.from(control.labels ?? []).some((label) => text(label) !== "");
      const byAria = (control.getAttribute("aria-label") ?? "").trim() !== "";
      const byIds = (control.getAttribute("aria-labelledby") ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .some((id) => text(document.getElementById(id)) !== "");
      if (!byLabel && !byAria && !byIds) missing.push(describe(element));
    }
    return missing;
  });
}

/** How far the page is wider than the viewport (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; widest: string[] }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const widest = Array.from(document.body.querySelectorAll("*"))
      .filter((element) => element.getBoundingClientRect().right > innerWidth + 0.5)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${String(element.className).split(" ").slice(0, 3).join(".")} (right ${Math.round(element.getBoundingClientRect().right)})`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, widest };
  });
}

/** The checks every main page must pass: labelled controls, no sideways scroll. */
export async function expectPageBasics(page: Page) {
  expect(await unlabelledControls(page), `unlabelled form controls on ${page.url()}`).toEqual([]);
  const overflow = await horizontalOverflow(page);
  expect(overflow.scrollWidth, `${page.url()} scrolls sideways; widest elements: ${overflow.widest.join(", ")}`).toBeLessThanOrEqual(overflow.innerWidth);
}

/** Waits until a page has its heading and no "Loading …" spinner, and the network is quiet. */
export async function settle(page: Page) {
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.getByRole("status").filter({ hasText: /^Loading/ }).first().waitFor({ state: "hidden" });
  await page.waitForLoadState("networkidle");
}

/**
 * On the new-watch form, says what happens when the watch starts. The form should preselect "Only tell me
 * what changes from now" (see the defaults test in watches.test.ts); choosing it is what a fan would do if not.
 */
export async function chooseFirstRunChangesOnly(page: Page) {
  await page.getByRole("radio", { name: "Only tell me what changes from now" }).check();
}

/**
 * Types a team or artist into the new-watch form's autocomplete and picks it from the provider's list the way
 * a person does: arrow keys and Enter on the laptop, a tap on the phone. Returns the combobox.
 */
export async function pickTeam(e2e: E2E, page: Page, team: string) {
  const combobox = page.getByRole("combobox", { name: "Teams or artists" });
  await combobox.click();
  await combobox.pressSequentially(team, { delay: 30 });
  const listbox = page.getByRole("listbox");
  const option = listbox.getByRole("option").filter({ has: page.locator("span.font-medium", { hasText: new RegExp(`^${team}$`) }) });
  await option.waitFor();
  expect(await combobox.getAttribute("aria-expanded")).toBe("true");
  if (e2e.viewport.hasTouch) {
    await option.tap();
  } else {
    const options = await listbox.getByRole("option").allTextContents();
    const index = options.findIndex((text) => new RegExp(`^${team}(?!\\s*(Women|U\\d))`).test(text));
    expect(index, `options: ${options.join(" | ")}`).toBeGreaterThanOrEqual(0);
    for (let step = 0; step < index; step++) await combobox.press("ArrowDown");
    expect(await option.getAttribute("aria-selected")).toBe("true");
    const optionId = await option.getAttribute("id");
    const listboxId = await listbox.getAttribute("id");
    expect(optionId && listboxId, "the option and the listbox have ids").toBeTruthy();
    expect(await combobox.getAttribute("aria-activedescendant"), "the combobox points at the active option").toBe(optionId);
    expect(await combobox.getAttribute("aria-controls"), "the combobox points at its listbox").toBe(listboxId);
    await combobox.press("Enter");
  }
  await page.getByRole("button", { name: `Remove ${team}` }).waitFor();
  expect(await combobox.inputValue()).toBe("");
  await listbox.waitFor({ state: "detached" });
  return combobox;
}

/** Creates a watch with a name and a keyword only; returns its page path. */
export async function createKeywordWatch(page: Page, name: string, keyword: string) {
  await page.goto("/watches/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Keyword (optional)").fill(keyword);
  await chooseFirstRunChangesOnly(page);
  await page.getByRole("button", { name: "Create watch" }).click();
  await page.waitForURL(/\/watches\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { level: 1, name }).waitFor();
  return new URL(page.url()).pathname;
}
