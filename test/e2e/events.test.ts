import type { Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { DEMO_FAN, navigateTo, settle, signIn, waitFor } from "./support/flows";
import { describeE2E } from "./support/suite";

/** The catalogue sweep runs at boot; on a busy machine the first events may take a while to be stored. */
const SWEEP_TIMEOUT = 60_000;

describeE2E("events", (e2e) => {
  let page: Page;
  const results = () => page.locator("main ul > li");
  const resultTexts = async () => (await results().allTextContents()).map((text) => text.toLowerCase());

  /** Waits until the list settles into a state where `accept` holds for the shown results. */
  const waitForResults = (what: string, accept: (texts: string[]) => boolean) =>
    waitFor(what, async () => {
      const texts = await resultTexts();
      return accept(texts) ? texts : null;
    });

  beforeAll(async () => {
    page = await e2e.newPage(await e2e.newContext());
    await signIn(e2e, page, DEMO_FAN);
  });

  test("the events page shows the sandbox's events once the first sweep has run", async () => {
    await navigateTo(e2e, page, "Events");
    await page.getByRole("heading", { level: 1, name: "Events" }).waitFor();
    // Reload rather than wait for the page's 30 s refresh: the sweep usually lands within seconds of boot.
    await waitFor(
      "the first sandbox events",
      async () => {
        await settle(page);
        if ((await results().count()) > 0) return true;
        await page.reload();
        return false;
      },
      SWEEP_TIMEOUT,
      1_000,
    );
    const first = results().first();
    expect(await first.getByRole("link", { name: /Official page/ }).getAttribute("href")).toMatch(/^https?:\/\//);
    expect(await first.getByRole("img", { name: "Ticketmaster logo" }).isVisible()).toBe(true);
    expect(await page.getByText(/Sandbox data: a made-up world/).isVisible()).toBe(true);
    await e2e.screenshot(page, "events");
  });

  test("search and filters narrow the list", async () => {
    await page.goto("/events");
    await settle(page);
    const all = await waitForResults("the unfiltered list", (texts) => texts.length > 0);

    const search = page.getByRole("searchbox", { name: "Search" });
    await search.fill("Arsenal");
    const arsenal = await waitForResults("only Arsenal events", (texts) => texts.length > 0 && texts.every((text) => text.includes("arsenal")));
    expect(arsenal.length).toBeLessThanOrEqual(all.length);
    expect(arsenal.some((text) => text.includes("arsenal v"))).toBe(true);
    await e2e.screenshot(page, "events-search");

    await search.fill("no such event anywhere");
    await page.getByText("Nothing matches these filters.").waitFor();

    await search.fill("");
    await waitForResults("the full list again", (texts) => texts.length === all.length);

    // The type filter: every event shown carries the chosen type.
    await page.getByLabel("Type").selectOption("Music");
    await waitForResults("only music events", (texts) => texts.length > 0 && texts.every((text) => text.includes("music")));
    await page.getByLabel("Country").selectOption("GB");
    await waitForResults("music events in GB", (texts) => texts.length > 0 && texts.every((text) => text.includes(", gb") && text.includes("music")));
  });

  test("sort by price, and the city, date and price filters", async () => {
    await page.goto("/events");
    await settle(page);
    await waitForResults("the unfiltered list", (texts) => texts.length > 0);
    const pricesOf = (texts: string[]) => texts.map((text) => /from [^\d]*([\d,.]+) \(face value\)/.exec(text)?.[1]).map((value) => (value ? Number(value.replace(/,/g, "")) : null));
    const isAscending = (values: (number | null)[]) => values.every((value, index) => index === 0 || value === null || (values[index - 1] !== null && values[index - 1]! <= value));

    await page.getByLabel("Country").selectOption("GB");
    await page.getByLabel("Sort by").selectOption("price");
    const byPrice = await waitForResults("GB events cheapest first", (texts) => texts.length > 1 && texts.every((text) => text.includes(", gb")) && isAscending(pricesOf(texts)));
    const priced = pricesOf(byPrice).filter((value): value is number => value !== null);
    expect(priced.length).toBeGreaterThan(1);

    // A ceiling between the cheapest and the dearest price shown leaves only events at or under it.
    const ceiling = Math.floor((priced[0]! + priced.at(-1)!) / 2);
    await page.getByLabel("Price up to").fill(String(ceiling));
    const capped = await waitForResults(`events at most ${ceiling}`, (texts) => texts.length > 0 && pricesOf(texts).every((value) => value !== null && value <= ceiling));
    expect(capped.length).toBeLessThan(byPrice.length);
    await page.getByLabel("Price up to").fill("");

    await page.getByLabel("City").fill("London");
    await waitForResults("only London events", (texts) => texts.length > 0 && texts.every((text) => text.includes("london")));
    await page.getByLabel("City").fill("");

    // An end date before the start date is refused in place and changes nothing.
    await page.getByLabel("From").fill("2031-05-02");
    await page.getByLabel("To", { exact: true }).fill("2031-05-01");
    await page.getByText("The end date is before the start date").waitFor();
    await e2e.screenshot(page, "events-filters");
  });
});
