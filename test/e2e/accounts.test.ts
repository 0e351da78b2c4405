import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { expect, test } from "vitest";
import { createKeywordWatch, DEMO_FAN, navigateTo, signIn, signUpAndVerify, UI_TIMEOUT } from "./support/flows";
import { describeE2E } from "./support/suite";

describeE2E("accounts", (e2e) => {
  let newcomer: { context: BrowserContext; page: Page; name: string; email: string } | undefined;

  const needNewcomer = () => {
    if (!newcomer) throw new Error("the sign-up test did not leave a signed-in newcomer");
    return newcomer;
  };

  test("a newcomer signs up, confirms the email from the development mailbox and lands on the dashboard", async () => {
    const context = await e2e.newContext();
    const page = await e2e.newPage(context);
    const name = `Robin ${e2e.viewport.name === "mobile" ? "Mobile" : "Desktop"}`;
    const account = await signUpAndVerify(e2e, page, name);

    // The verification link signs the newcomer in and lands on their (empty) dashboard.
    await page.getByRole("heading", { level: 1, name: "Hi Robin" }).waitFor();
    await page.getByText("Nothing watched yet.").waitFor();
    await page.getByRole("link", { name: "Create your first watch" }).waitFor();
    await e2e.screenshot(page, "dashboard-newcomer");

    // The session survives a reload (a real cookie, not client state).
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Hi Robin" }).waitFor();
    newcomer = { context, page, name, email: account.email };
  });

  test("settings: the fan changes display name and time zone, and they are saved", async () => {
    const { page } = needNewcomer();
    await navigateTo(e2e, page, "Settings");
    await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
    const newName = `Sam ${randomUUID().slice(0, 4)}`;
    await page.getByLabel("Display name").fill(newName);
    await page.getByLabel("Time zone").selectOption("America/New_York");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await e2e.screenshot(page, "settings-saved");

    // Saved on the server: a fresh load shows the new values, and the dashboard greets the new name.
    await page.reload();
    await expect.poll(() => page.getByLabel("Display name").inputValue(), { timeout: UI_TIMEOUT }).toBe(newName);
    expect(await page.getByLabel("Time zone").inputValue()).toBe("America/New_York");
    await navigateTo(e2e, page, "Dashboard");
    await page.getByRole("heading", { level: 1, name: `Hi ${newName.split(" ")[0]}` }).waitFor();
  });

  test("a second fan opening the first fan's watch URL gets a not-found page", async () => {
    // The first fan (the demo fan) makes a watch and notes its address.
    const demoContext = await e2e.newContext();
    const demo = await e2e.newPage(demoContext);
    await signIn(e2e, demo, DEMO_FAN);
    const secretName = `Private watch ${randomUUID().slice(0, 8)}`;
    const watchPath = await createKeywordWatch(demo, secretName, "Hamilton");

    // The second fan (the newcomer) opens it: not found, and nothing of the watch shows.
    const { page } = needNewcomer();
    e2e.allowConsoleError(/status of 404/);
    const response = await page.goto(watchPath);
    expect(response?.status()).toBe(404);
    await page.getByText(/could not be found|not found|doesn.t exist/i).first().waitFor();
    expect(await page.content()).not.toContain(secretName);
    await e2e.screenshot(page, "watch-not-found");

    // Nor is it in their list.
    await page.goto("/watches");
    await page.getByRole("heading", { level: 1, name: "Your watches" }).waitFor();
    await page.getByText(/No watches yet/).waitFor();
    expect(await page.getByText(secretName).count()).toBe(0);

    // The owner still sees it.
    await demo.reload();
    await demo.getByRole("heading", { level: 1, name: secretName }).waitFor();
  });
});
