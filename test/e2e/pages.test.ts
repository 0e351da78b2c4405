import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { callApi, createKeywordWatch, DEMO_FAN, expectPageBasics, horizontalOverflow, settle, signIn, waitFor } from "./support/flows";
import { describeE2E } from "./support/suite";

/**
 * Every main page, signed out and signed in: it renders without console errors, every form control has an
 * accessible name, nothing scrolls sideways (at 390 px too), and a full-page screenshot is saved for review
 * under test/e2e/screenshots/<viewport>/.
 */
describeE2E("main pages", (e2e) => {
  let signedOut: BrowserContext;
  let fan: Page;
  let watchPath = "";

  beforeAll(async () => {
    signedOut = await e2e.newContext();
    fan = await e2e.newPage(await e2e.newContext());
    await signIn(e2e, fan, DEMO_FAN);
    watchPath = await createKeywordWatch(fan, "Arsenal home games", "Arsenal");
  });

  const visit = async (page: Page, path: string, screenshot: string) => {
    const response = await page.goto(path);
    expect(response?.status(), `GET ${path}`).toBe(200);
    await settle(page);
    await expectPageBasics(page);
    await e2e.screenshot(page, screenshot);
  };

  test("signed out: a password reset request lands in the development mailbox, and its link opens the reset form", async () => {
    const page = await e2e.newPage(signedOut);
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL((url) => url.pathname === "/forgot-password");
    await page.getByLabel("Email", { exact: true }).fill(DEMO_FAN.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByRole("status").filter({ hasText: `If an account exists for ${DEMO_FAN.email}` }).waitFor();

    await page.goto("/dev/mailbox");
    const mail = page.locator("section").filter({ hasText: `To: ${DEMO_FAN.email}` }).first();
    await mail.waitFor();
    const link = mail.locator("a").filter({ hasText: "/reset-password" });
    expect(await link.count(), await mail.innerText()).toBe(1);
    await link.click();
    await page.waitForURL((url) => url.pathname.startsWith("/reset-password"));
    await settle(page);
    await expectPageBasics(page);
    await e2e.screenshot(page, "reset-password");
    await page.close();
  });

  test.each([
    { path: "/sign-in", name: "sign-in", heading: "Sign in" },
    { path: "/sign-up", name: "sign-up", heading: "Create your account" },
    { path: "/forgot-password", name: "forgot-password", heading: /password/i },
    { path: "/check-email?email=newcomer%40example.test", name: "check-email", heading: "Check your email" },
    { path: "/dev/mailbox", name: "dev-mailbox", heading: "Development mailbox" },
  ])("signed out: $path", async ({ path, name, heading }) => {
    const page = await e2e.newPage(signedOut);
    await visit(page, path, name);
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    await page.close();
  });

  test("signed out: the signed-in area sends you to sign in", async () => {
    const page = await e2e.newPage(signedOut);
    await page.goto("/watches");
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.close();
  });

  test.each([
    { path: "/", name: "dashboard", heading: /^Hi / },
    { path: "/watches", name: "watches-list", heading: "Your watches" },
    { path: "/watches/new", name: "watches-new", heading: "New watch" },
    { path: "(the watch)", name: "watch-detail", heading: "Arsenal home games" },
    { path: "/events", name: "events-page", heading: "Events" },
    { path: "/alerts", name: "alerts", heading: "Alerts" },
    { path: "/settings", name: "settings", heading: "Settings" },
    { path: "/settings/api-tokens", name: "api-tokens", heading: /API tokens/ },
  ])("signed in: $name", async ({ path, name, heading }) => {
    await visit(fan, path.startsWith("/") ? path : watchPath, name);
    await fan.getByRole("heading", { level: 1, name: heading }).waitFor();
  });

  test("signed in: an event's page", async () => {
    const hit = await waitFor("a stored sandbox event", async () => (await callApi<{ events: { id: string }[] }>(fan, "query", "events.search", { limit: 1 })).events[0], 60_000, 1_000);
    await visit(fan, `/events/${hit.id}`, "event-detail");
    await fan.getByRole("heading", { name: "Price history" }).waitFor();
  });

  test.skipIf(!e2e.viewport.isMobile)("the main pages fit the narrowest phone we support (360 px): nothing scrolls sideways", async () => {
    const phone = await e2e.newPage(await e2e.newContext());
    await phone.setViewportSize({ width: 360, height: 740 });
    await signIn(e2e, phone, DEMO_FAN);
    const event = await callApi<{ events: { id: string }[] }>(phone, "query", "events.search", { limit: 1 });
    const paths = ["/", "/watches", "/watches/new", watchPath, "/alerts", "/events", "/settings", "/settings/api-tokens", ...event.events.map((hit) => `/events/${hit.id}`)];
    const wide: string[] = [];
    for (const path of paths) {
      await phone.goto(path);
      await settle(phone);
      const overflow = await horizontalOverflow(phone);
      if (overflow.scrollWidth > overflow.innerWidth) wide.push(`${path}: ${overflow.scrollWidth} px (${overflow.widest.join(", ")})`);
    }
    expect(wide, "pages wider than 360 px").toEqual([]);
    expect(paths.length).toBeGreaterThanOrEqual(8);
    await phone.close();
  });

  test("signed in: the menu on a phone, the header nav on a laptop", async () => {
    await visit(fan, "/", "dashboard");
    const nav = fan.getByRole("navigation", { name: "Main" });
    if (e2e.viewport.isMobile) {
      expect(await nav.count(), "the nav is behind the menu button on a phone").toBe(0);
      await fan.getByRole("button", { name: "Open menu" }).click();
      await nav.waitFor();
      expect(await nav.getByRole("link").allTextContents()).toEqual(["Dashboard", "Watches", "Alerts", "Events", "Settings"]);
      await expectPageBasics(fan);
      await e2e.screenshot(fan, "menu-open");
      await fan.getByRole("button", { name: "Close menu" }).click();
      await nav.waitFor({ state: "detached" });
    } else {
      await nav.waitFor();
      expect(await nav.getByRole("link", { name: "Dashboard" }).getAttribute("aria-current")).toBe("page");
    }
  });

  test("dark mode follows the device setting, and keyboard focus is drawn", async () => {
    // The body's background painted on a canvas, whatever colour syntax the stylesheet used: 0 black … 1 white.
    const background = () =>
      fan.evaluate(() => {
        const context = document.createElement("canvas").getContext("2d")!;
        context.fillStyle = getComputedStyle(document.body).backgroundColor;
        context.fillRect(0, 0, 1, 1);
        const [red, green, blue] = context.getImageData(0, 0, 1, 1).data;
        return (red! + green! + blue!) / 765;
      });
    await fan.goto("/");
    await settle(fan);
    await fan.emulateMedia({ colorScheme: "light" });
    expect(await background()).toBeGreaterThan(0.9);
    await fan.emulateMedia({ colorScheme: "dark" });
    expect(await background()).toBeLessThan(0.2);
    await e2e.screenshot(fan, "dashboard-dark");
    await fan.emulateMedia({ colorScheme: "light" });

    // Tab to the first link: it carries a visible outline (the :focus-visible style), not the browser's none.
    await fan.keyboard.press("Tab");
    const focus = await fan.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      const style = element ? getComputedStyle(element) : null;
      return { tag: element?.tagName, outline: style?.outlineStyle, width: style?.outlineWidth };
    });
    expect(focus.tag).toMatch(/^(A|BUTTON)$/);
    expect(focus.outline).toBe("solid");
    expect(focus.width).toBe("2px");
  });

  test("an unknown address shows the not-found page", async () => {
    e2e.allowConsoleError(/status of 404/);
    const response = await fan.goto("/watches/00000000-0000-4000-8000-000000000000");
    expect(response?.status()).toBe(404);
    await fan.getByText(/could not be found|not found|doesn.t exist/i).first().waitFor();
    await expectPageBasics(fan);
    await e2e.screenshot(fan, "not-found");

    const unknown = await fan.goto("/no-such-page-here");
    expect(unknown?.status()).toBe(404);
    await fan.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
    await fan.getByRole("link", { name: "Go to Seatwatch" }).click();
    await fan.getByRole("heading", { level: 1, name: /^Hi / }).waitFor();
  });
});
