import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { callApi, navigateTo, signUpAndVerify, UI_TIMEOUT, waitFor } from "./support/flows";
import { describeE2E } from "./support/suite";

/** The boot sweep stores the sandbox's events; on a busy machine that can take a while. */
const SWEEP_TIMEOUT = 60_000;
/** A new watch is baselined on the next `engine.plan` tick (every 15 s); its initial alerts come with it. */
const ALERT_TIMEOUT = 60_000;

/**
 * Makes the server create alerts for this fan on its own: once the catalogue holds matching events, a watch
 * that asks about what already matches gets them as alerts on the engine's next plan tick, and the delivery
 * planner's NOTIFY carries them to the live feed.
 */
async function watchWithAlertsSoon(page: Page, keyword: string) {
  await waitFor(
    `sandbox events matching "${keyword}"`,
    async () => (await callApi<{ events: unknown[] }>(page, "query", "events.search", { q: keyword, limit: 5 })).events.length > 0,
    SWEEP_TIMEOUT,
    1_000,
  );
  await callApi(page, "mutation", "watches.create", { name: `${keyword} (live test)`, keyword, firstRun: "existing", channels: ["in-app"] });
}

describeE2E("live alerts", (e2e) => {
  test("an alert created on the server appears on the open dashboard without a reload, with the official link", async () => {
    const context = await e2e.newContext();
    const page = await e2e.newPage(context);
    await signUpAndVerify(e2e, page, `Live ${e2e.viewport.name}`);
    await page.getByText("Live: new alerts appear here as they happen").waitFor({ timeout: UI_TIMEOUT });
    await page.getByText("No alerts yet.").waitFor();
    // A navigation or reload would drop this marker.
    await page.evaluate(() => Object.assign(window, { seatwatchNoReload: true }));

    const keyword = "Arsenal";
    await watchWithAlertsSoon(page, keyword);

    const banner = page.getByTestId("live-alert-banner");
    await banner.waitFor({ timeout: ALERT_TIMEOUT });
    const headline = (await banner.getByText(/^New alert: /).textContent()) ?? "";
    expect(headline.toLowerCase()).toContain(keyword.toLowerCase());
    const official = banner.getByRole("link", { name: /Official page/ });
    expect(await official.getAttribute("href")).toMatch(/^https?:\/\//);
    expect(await official.getAttribute("target")).toBe("_blank");
    expect(await page.evaluate(() => (window as unknown as { seatwatchNoReload?: boolean }).seatwatchNoReload)).toBe(true);

    // The dashboard's list and the unread badge caught up too, still without a reload.
    const alertTitle = headline.replace(/^New alert: /, "");
    await page.locator("main li").filter({ hasText: alertTitle }).first().waitFor();
    if (e2e.viewport.isMobile) await page.getByRole("button", { name: "Open menu" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByLabel(/^\d+ unread$/).first().waitFor();
    if (e2e.viewport.isMobile) await page.getByRole("button", { name: "Close menu" }).click();
    expect(await page.evaluate(() => (window as unknown as { seatwatchNoReload?: boolean }).seatwatchNoReload)).toBe(true);
    await e2e.screenshot(page, "dashboard-live-alert");

    // Dismissed, it stays gone; "See alert(s)" would have led to the inbox.
    await banner.getByRole("link", { name: /See alerts?/ }).waitFor();
    await page.getByRole("button", { name: "Dismiss new alerts" }).click();
    await banner.waitFor({ state: "detached" });
  });

  test("the inbox page updates live too, the banner's link leads to the alert, and offline the device still shows its alerts until sign-out", async () => {
    const context = await e2e.newContext();
    const page = await e2e.newPage(context);
    await signUpAndVerify(e2e, page, `Inbox ${e2e.viewport.name}`);
    await navigateTo(e2e, page, "Alerts");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.getByText("No alerts yet.").waitFor();
    await watchWithAlertsSoon(page, "Liverpool");

    const banner = page.getByTestId("live-alert-banner");
    await banner.waitFor({ timeout: ALERT_TIMEOUT });
    await page.getByText("No alerts yet.").waitFor({ state: "detached" });
    await banner.getByRole("link", { name: /See alerts?/ }).click();
    await page.waitForURL((url) => url.pathname === "/alerts" && url.searchParams.has("alert"));
    await banner.waitFor({ state: "detached" });
    const firstTitle = ((await page.locator("main li").first().locator("p").first().textContent()) ?? "").replace(/^Unread: /, "");
    expect(firstTitle.toLowerCase()).toContain("liverpool");

    // Offline (the app closed, then opened with no connection), the service worker answers with the alerts
    // this device saw (the inbox list and the live feed).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const inboxUrl = page.url();
    await page.goto("about:blank");
    await context.setOffline(true);
    try {
      await page.goto(inboxUrl);
      await page.getByRole("heading", { level: 1, name: "You're offline" }).waitFor();
      await page.getByRole("listitem").filter({ hasText: firstTitle }).first().waitFor();
    } finally {
      await context.setOffline(false);
    }

    // Signing out forgets them: the next person on this device sees none offline.
    await page.goto("/");
    if (e2e.viewport.isMobile) await page.getByRole("button", { name: "Open menu" }).click();
    await page.getByRole("button", { name: /Sign out/ }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    // Let the sign-in page finish loading (its icon too) before the network goes.
    await page.waitForLoadState("networkidle");
    await context.setOffline(true);
    try {
      await page.goto("/alerts");
      await page.getByRole("heading", { level: 1, name: "You're offline" }).waitFor();
      await page.getByText("No alerts are saved on this device yet.").waitFor();
    } finally {
      await context.setOffline(false);
    }
  });
});
