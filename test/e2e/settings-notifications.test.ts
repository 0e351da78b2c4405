import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { expectPageBasics, navigateTo, settle, signUpAndVerify, UI_TIMEOUT, waitFor } from "./support/flows";
import { describeE2E } from "./support/suite";

/** The 6-digit code in the newest text of the settings page's development outbox (no SMS vendor on the embedded default). */
async function readCodeFromDevOutbox(page: Page, previous: string | null = null): Promise<string> {
  const outbox = page.getByRole("region", { name: "Development outbox: texts to your number" });
  return waitFor("a verification code in the development outbox", async () => {
    const text = await outbox.locator("li").first().innerText();
    const code = /code: (\d{6})/.exec(text)?.[1] ?? null;
    return code !== previous ? code : null;
  });
}

/**
 * The notification settings a fan sets up once: verify a mobile number with the code from the development
 * outbox (a wrong code is refused in plain words), switch a channel, set quiet hours in a time zone and the
 * on-sale override, save — and a reload shows all of it. Checked at 390 px and 1280 px, and at 360 px.
 */
describeE2E("notification settings", (e2e) => {
  test("a fan verifies a phone through the development outbox, sets quiet hours, saves, and a reload keeps them", async () => {
    const context = await e2e.newContext();
    const page = await e2e.newPage(context);
    // A wrong code answers 400 (shown in the form); the browser logs the failed request.
    e2e.allowConsoleError(/status of 400/);
    await signUpAndVerify(e2e, page, `Quinn ${e2e.viewport.name}`);
    await navigateTo(e2e, page, "Settings");
    await settle(page);
    const notifications = page.getByRole("region", { name: "Notifications" });
    await notifications.getByRole("heading", { name: "Channels" }).waitFor();

    // Phone: number, the exact consent words, code.
    const number = e2e.viewport.isMobile ? "+44 7700 900461" : "+44 7700 900462";
    await page.getByLabel("Mobile number").fill(number);
    await page.getByRole("button", { name: "Text me a code" }).click();
    await page.getByText("Tick the box to agree to receive text messages").waitFor();
    await page.getByRole("checkbox", { name: /^I agree to receive ticket alert text messages from Seatwatch/ }).check();
    await page.getByRole("button", { name: "Text me a code" }).click();
    await page.getByText(/^Code sent to \+44/).waitFor();
    const code = await readCodeFromDevOutbox(page);

    const wrong = code === "000000" ? "111111" : "000000";
    await page.getByLabel("Code from the text").fill(wrong);
    await page.getByRole("button", { name: "Verify number" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong code; 4 attempts left" }).waitFor();
    await page.getByLabel("Code from the text").fill(code);
    await page.getByRole("button", { name: "Verify number" }).click();
    await page.getByText("Number verified. Texts can now reach you.").waitFor();
    const masked = `${number.replace(/\s/g, "").slice(0, 5)}••••${number.replace(/\s/g, "").slice(-4)}`;
    await page.getByText(`${masked} is verified.`).waitFor();

    // A channel switch saves at once.
    const push = page.getByRole("switch", { name: "Push notifications" });
    expect(await push.getAttribute("aria-checked")).toBe("true");
    await push.click();
    await expect.poll(() => push.getAttribute("aria-checked"), { timeout: UI_TIMEOUT }).toBe("false");

    // Timing: an invalid pair is refused in place, then quiet hours, zone and override are saved.
    await page.getByLabel("Hold alerts during quiet hours").check();
    await page.getByLabel("Quiet from").fill("22:30");
    await page.getByLabel("Quiet until").fill("22:30");
    await page.getByRole("button", { name: "Save notification settings" }).click();
    await page.getByText("Quiet hours must start and end at different times").waitFor();
    await page.getByLabel("Quiet until").fill("07:15");
    await page.getByLabel("Your zone").selectOption("Europe/Berlin");
    await page.getByLabel("Let through a sale opening within (minutes)").fill("45");
    await page.getByRole("button", { name: "Save notification settings" }).click();
    await page.getByRole("status").filter({ hasText: "Notification settings stored" }).waitFor();
    await e2e.screenshot(page, "settings-notifications-saved");

    await page.reload();
    await settle(page);
    await page.getByText(`${masked} is verified.`).waitFor();
    expect(await page.getByLabel("Hold alerts during quiet hours").isChecked()).toBe(true);
    expect(await page.getByLabel("Quiet from").inputValue()).toBe("22:30");
    expect(await page.getByLabel("Quiet until").inputValue()).toBe("07:15");
    expect(await page.getByLabel("Your zone").inputValue()).toBe("Europe/Berlin");
    expect(await page.getByLabel("Let through a sale opening within (minutes)").inputValue()).toBe("45");
    expect(await page.getByRole("switch", { name: "Push notifications" }).getAttribute("aria-checked")).toBe("false");
    // The profile shows the same zone: it is one setting.
    expect(await page.getByLabel("Time zone").inputValue()).toBe("Europe/Berlin");
    await page.getByText(/Your basic plan allows 5 alert texts a day; 0 sent today/).waitFor();

    await expectPageBasics(page);
    await page.setViewportSize({ width: 360, height: 780 });
    await expectPageBasics(page);
    await e2e.screenshot(page, "settings-notifications-360");
  });
});
