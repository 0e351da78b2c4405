import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { chooseFirstRunChangesOnly, DEMO_FAN, navigateTo, pickTeam, settle, signIn, UI_TIMEOUT } from "./support/flows";
import { describeE2E } from "./support/suite";

const watchesUsed = async (page: Page) => {
  const text = await page.getByText(/\d+ of \d+ watches used/).textContent();
  return Number(/(\d+) of/.exec(text ?? "")?.[1]);
};

describeE2E("watches", (e2e) => {
  let page: Page;

  beforeAll(async () => {
    const context = await e2e.newContext();
    page = await e2e.newPage(context);
    await signIn(e2e, page, DEMO_FAN);
  });

  test("the new-watch form starts from its defaults: the usual stages, in-app + email, and changes only", async () => {
    await page.goto("/watches/new");
    await settle(page);
    await e2e.screenshot(page, "watch-form");
    const checked = async (name: string) => page.getByRole("checkbox", { name, exact: true }).isChecked();
    const defaults = {
      "A new event is announced": await checked("A new event is announced"),
      "Tickets go on sale": await checked("Tickets go on sale"),
      "In the app": await checked("In the app"),
      Email: await checked("Email"),
      "Only tell me what changes from now": await page.getByRole("radio", { name: "Only tell me what changes from now" }).isChecked(),
      Currency: await page.getByLabel("Currency").inputValue(),
    };
    expect(defaults).toEqual({
      "A new event is announced": true,
      "Tickets go on sale": true,
      "In the app": true,
      Email: true,
      "Only tell me what changes from now": true,
      Currency: "GBP", // the demo fan lives in GB
    });
  });

  test("the fan creates a watch with the team autocomplete, sees it, pauses and resumes it, deletes it and undoes", async () => {
    const name = `Arsenal under 80 ${randomUUID().slice(0, 6)}`;
    await navigateTo(e2e, page, "Dashboard");
    await page.getByRole("link", { name: "New watch" }).click();
    await page.waitForURL((url) => url.pathname === "/watches/new");
    await page.getByLabel("Name", { exact: true }).fill(name);

    // Type a team and pick it from the provider's list: by keyboard on the laptop, by touch on the phone.
    await pickTeam(e2e, page, "Arsenal");

    await page.getByLabel("Max price per ticket").fill("80");
    await page.getByLabel("Currency").selectOption("EUR");
    await chooseFirstRunChangesOnly(page);
    await e2e.screenshot(page, "watch-form-filled");
    await page.getByRole("button", { name: "Create watch" }).click();

    // The watch page shows what was saved.
    await page.waitForURL(/\/watches\/[0-9a-f-]{36}$/);
    const watchPath = new URL(page.url()).pathname;
    await page.getByRole("heading", { level: 1, name }).waitFor();
    // The page leads with the watch's health and alerts; the saved values are in its edit section.
    await page.getByRole("heading", { name: "Watch health" }).waitFor();
    await page.getByText("Edit this watch").click();
    await expect.poll(() => page.getByLabel("Max price per ticket").inputValue(), { timeout: UI_TIMEOUT }).toBe("80");
    expect(await page.getByLabel("Currency").inputValue()).toBe("EUR");
    await page.getByRole("button", { name: "Remove Arsenal" }).waitFor();
    await e2e.screenshot(page, "watch-page");

    // And the list has it, described in a few words.
    await navigateTo(e2e, page, "Watches");
    const row = page.getByRole("listitem").filter({ has: page.getByRole("link", { name, exact: true }) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Arsenal.*≤ €80\.00/);
    expect(await row.getByRole("link", { name, exact: true }).getAttribute("href")).toBe(watchPath);
    await e2e.screenshot(page, "watches");

    // Pause, then resume.
    await row.getByRole("button", { name: `Pause ${name}` }).click();
    await row.getByText("Paused", { exact: true }).waitFor();
    await row.getByRole("button", { name: `Resume ${name}` }).click();
    await row.getByRole("button", { name: `Pause ${name}` }).waitFor();
    expect(await row.getByText("Paused", { exact: true }).count()).toBe(0);

    // Delete, then undo.
    await row.getByRole("button", { name: `Delete ${name}` }).click();
    const undoNotice = page.getByRole("status").filter({ hasText: `Deleted “${name}”.` });
    await undoNotice.waitFor();
    await row.waitFor({ state: "detached" });
    await e2e.screenshot(page, "watches-deleted-undo");
    await undoNotice.getByRole("button", { name: "Undo" }).click();
    await row.waitFor();
    await undoNotice.waitFor({ state: "detached" });

    // The restored watch is really back (and still not paused) after a fresh load.
    await page.reload();
    await row.waitFor();
    expect(await row.getByText("Paused", { exact: true }).count()).toBe(0);
  });

  test("the preview waits for something to watch, says when nothing matches, and says when it cannot be read", async () => {
    await page.goto("/watches/new");
    await settle(page);
    await page.getByText("Pick a team, artist or venue (or a keyword) to see the events that match right now.").waitFor();
    await page.getByLabel("Keyword (optional)").fill(`Nobody plays ${randomUUID().slice(0, 6)}`);
    await page.getByTestId("watch-preview-empty").waitFor();
    // With nothing matching, the first-run question has no count to name.
    expect(await page.getByRole("radio", { name: "Alert me about events that already match" }).count()).toBe(1);

    // The server out of reach: the preview says so instead of a list (and the form still works).
    e2e.allowConsoleError(/Failed to load resource|ERR_FAILED/);
    await page.route("**/api/trpc/watches.preview**", (route) => route.abort("failed"));
    await page.getByLabel("Keyword (optional)").fill("Arsenal");
    await page.getByRole("alert").filter({ hasText: /^Could not preview the matching events/ }).waitFor();
    await page.unroute("**/api/trpc/watches.preview**");
    await page.getByLabel("Keyword (optional)").fill("Liverpool");
    await page.getByTestId("watch-preview-count").waitFor();
  });

  test("a watch that ends before it starts gets the specific message and nothing is created", async () => {
    await page.goto("/watches/new");
    await settle(page);
    const before = await watchesUsed(page);
    const creates: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().includes("watches.create")) creates.push(request.url());
    };
    page.on("request", onRequest);

    const name = `Backwards dates ${randomUUID().slice(0, 6)}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Keyword (optional)").fill("Arsenal");
    await page.getByLabel("From date").fill("2027-05-10");
    await page.getByLabel("To date").fill("2027-05-01");
    await chooseFirstRunChangesOnly(page);
    await page.getByRole("button", { name: "Create watch" }).click();

    const message = page.locator("#dateTo-error");
    await message.waitFor();
    expect(await message.textContent()).toBe("The end date is before the start date");
    expect(await page.getByLabel("To date").getAttribute("aria-invalid")).toBe("true");
    await page.getByRole("alert").filter({ hasText: "Some fields need your attention" }).waitFor();
    await e2e.screenshot(page, "watch-form-date-error");
    page.off("request", onRequest);

    expect(new URL(page.url()).pathname).toBe("/watches/new");
    expect(creates, "the form must not send an invalid watch").toEqual([]);
    await page.goto("/watches");
    await settle(page);
    expect(await page.getByText(name).count()).toBe(0);
    await page.goto("/watches/new");
    await settle(page);
    expect(await watchesUsed(page)).toBe(before);
  });
});
