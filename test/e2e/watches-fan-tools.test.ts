import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { createKeywordWatch, DEMO_FAN, expectPageBasics, settle, signIn, waitFor } from "./support/flows";
import { describeE2E } from "./support/suite";

/** The catalogue sweep at boot stores the sandbox's events; on a busy machine that may take a while. */
const SWEEP_TIMEOUT = 60_000;

describeE2E("watch fan tools", (e2e) => {
  let page: Page;
  let watchPath: string;
  let watchName: string;

  beforeAll(async () => {
    page = await e2e.newPage(await e2e.newContext());
    await signIn(e2e, page, DEMO_FAN);
    watchName = `Arsenal fan tools ${randomUUID().slice(0, 6)}`;
    watchPath = await createKeywordWatch(page, watchName, "Arsenal");
  });

  const matchedEvents = () => page.getByRole("heading", { name: "Matched events" }).locator("xpath=..").getByRole("listitem");

  test("the watch page lists matched events with why, and I bought it and snooze can each be undone", async () => {
    await waitFor("matched events from the sandbox", async () => {
      await page.goto(watchPath);
      await settle(page);
      return (await matchedEvents().count()) > 0;
    }, SWEEP_TIMEOUT, 1_000);
    const first = matchedEvents().first();
    expect(await first.textContent()).toContain("Why: Name contains “Arsenal”");
    const eventName = (await first.getByRole("link").first().textContent())!;

    await first.getByRole("button", { name: `I bought tickets for ${eventName}` }).click();
    await first.getByTestId("mute-state").getByText("Bought — no more alerts for this event").waitFor();
    await e2e.screenshot(page, "watch-page-bought");
    await first.getByRole("button", { name: `Undo I bought it for ${eventName}` }).click();
    await first.getByRole("button", { name: `I bought tickets for ${eventName}` }).waitFor();

    await first.getByRole("button", { name: "Snooze…" }).click();
    await first.getByLabel("Snooze for").selectOption("3");
    await expectPageBasics(page);
    await first.getByRole("button", { name: "Snooze", exact: true }).click();
    await first.getByTestId("mute-state").getByText(/^Snoozed until /).waitFor();
    // Still snoozed after a fresh load: it is stored, not just shown.
    await page.reload();
    await settle(page);
    await matchedEvents().first().getByTestId("mute-state").getByText(/^Snoozed until /).waitFor();
    await matchedEvents().first().getByRole("button", { name: `Undo snooze for ${eventName}` }).click();
    await matchedEvents().first().getByRole("button", { name: `I bought tickets for ${eventName}` }).waitFor();
  });

  test("the event page says which of the fan's watches match it and why", async () => {
    await page.goto(watchPath);
    await settle(page);
    await matchedEvents().first().getByRole("link").first().click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    const card = page.getByRole("heading", { name: "Your watches that match" }).locator("xpath=..");
    await card.getByRole("link", { name: watchName, exact: true }).waitFor();
    expect(await card.textContent()).toContain("Why: Name contains “Arsenal”");
    await expectPageBasics(page);
  });

  test("the dashboard lists the watch's coming sale windows with countdowns, or says none are announced", async () => {
    await page.goto("/");
    await settle(page);
    const panel = page.getByRole("heading", { name: "Coming up: presales and on-sales" }).locator("xpath=..");
    const sales = panel.getByTestId("dashboard-sales").getByRole("listitem");
    const empty = panel.getByText(/^No presale or on-sale dates announced/);
    await waitFor("the coming-up panel", async () => (await sales.count()) > 0 || (await empty.isVisible()));
    for (const text of await sales.allTextContents()) {
      expect(text).toContain(`from ${watchName}`);
      // The opening time is in the fan's zone, and says which.
      expect(text).toMatch(/· \w{3} \d{1,2} \w{3}, \d{2}:\d{2} (GMT|UTC|BST|[A-Z]{2,5}|GMT[+-]\d+) ·/);
      expect(text).toMatch(/(opens in \d+ (d \d+ h|h \d+ min|min \d+ s)|open, closes in .+|open now)$/);
    }
    if ((await sales.count()) > 0) {
      // The countdown runs on the page: a second later the first one says something else.
      const countdown = sales.first().getByTestId("sale-countdown");
      const before = await countdown.textContent();
      await waitFor("the countdown to tick", async () => (await countdown.textContent()) !== before || /\d+ d \d+ h$|h \d+ min$/.test(before ?? ""), 5_000);
    }
    await expectPageBasics(page);
    await e2e.screenshot(page, "dashboard-coming-up");
  });

  test("duplicating a watch opens the copy", async () => {
    await page.goto(watchPath);
    await settle(page);
    await page.getByRole("button", { name: "Duplicate" }).click();
    await page.getByRole("heading", { level: 1, name: `${watchName} (copy)` }).waitFor();
    expect(new URL(page.url()).pathname).not.toBe(watchPath);
  });

  test("the watch page pauses, resumes, and deletes with an undo that brings the watch back", async () => {
    const copyName = `${watchName} (copy)`;
    await page.getByRole("heading", { level: 1, name: copyName }).waitFor();
    const copyPath = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await page.getByText(/· paused$/).waitFor();
    await page.getByRole("button", { name: "Resume", exact: true }).click();
    await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
    expect(await page.getByText(/· paused$/).count()).toBe(0);

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const deleted = page.getByTestId("watch-deleted");
    await deleted.getByText(`Deleted “${copyName}”.`, { exact: false }).waitFor();
    await expectPageBasics(page);
    // Deleted for real: another tab gets the not-found page for it.
    e2e.allowConsoleError(/status of 404/);
    const other = await page.context().newPage();
    expect((await other.goto(copyPath))?.status()).toBe(404);
    await other.close();
    await deleted.getByRole("button", { name: "Undo" }).click();
    await page.getByRole("button", { name: "Delete", exact: true }).waitFor();
    await page.goto(copyPath);
    await page.getByRole("heading", { level: 1, name: copyName }).waitFor();
  });

  test("the watches list offers a private calendar feed that serves the matched events as ICS", async () => {
    await page.goto("/watches");
    await settle(page);
    await page.getByText("Calendar feed", { exact: true }).click();
    const create = page.getByRole("button", { name: "Create my calendar link" });
    const field = page.getByLabel("Private calendar feed URL");
    await waitFor("the calendar panel", async () => (await create.isVisible()) || (await field.isVisible()));
    if (await create.isVisible()) await create.click();
    await field.waitFor();
    const url = await field.inputValue();
    expect(url).toMatch(/^http:\/\/localhost:\d+\/api\/calendar\/[A-Za-z0-9_-]{43}$/);
    await expectPageBasics(page);
    await e2e.screenshot(page, "watches-calendar-feed");

    // No cookie needed: the calendar app only has the URL.
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const body = await response.text();
    expect(body.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(body).toMatch(/\r\nUID:event-ticketmaster-[^\r\n]+@seatwatch\r\n/);
    expect(body.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect((await fetch(url.replace(/.{4}$/, "AAAA"))).status).toBe(404);
  });

  test("the new-watch page suggests what to watch, and a suggestion fills in the form", async () => {
    await page.goto("/watches/new");
    await settle(page);
    const ideas = page.getByTestId("suggestions");
    await ideas.waitFor();
    const link = ideas.getByRole("link").first();
    const label = (await link.getAttribute("aria-label"))!;
    const attraction = label.replace(/^Watch /, "");
    await link.click();
    await page.waitForURL((url) => url.searchParams.has("attraction"));
    await page.getByRole("button", { name: `Remove ${attraction}` }).waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe(attraction);
    await expectPageBasics(page);
    await e2e.screenshot(page, "watch-form-suggested");
  });
});
