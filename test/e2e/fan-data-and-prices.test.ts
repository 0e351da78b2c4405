import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { formatMoney } from "@/server/lib/money";
import { callApi, createKeywordWatch, navigateTo, settle, signUpAndVerify, waitFor } from "./support/flows";
import { describeE2E } from "./support/suite";

/** The boot sweep stores the sandbox's events; on a busy machine that can take a while. */
const SWEEP_TIMEOUT = 60_000;

type SearchHit = { id: string; priceMinMinor: number | null };
type EventView = { id: string; name: string; currency: string | null; priceHistory: { at: string; minMinor: number }[] };

describeE2E("fan data and prices", (e2e) => {
  let page: Page;
  let fan: { email: string; name: string };

  beforeAll(async () => {
    page = await e2e.newPage(await e2e.newContext());
    fan = await signUpAndVerify(e2e, page, `Export ${e2e.viewport.name}`);
  });

  test("settings: Download my data gives a JSON file with the fan's profile and watches", async () => {
    const watchName = `Export check ${e2e.viewport.name}`;
    await createKeywordWatch(page, watchName, "Arsenal");
    await navigateTo(e2e, page, "Settings");
    await settle(page);
    const link = page.getByRole("link", { name: "Download my data" });
    await link.scrollIntoViewIfNeeded();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^seatwatch-export-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile((await download.path())!, "utf8")) as { format: string; profile: { email: string; name: string }; watches: { name: string; keyword: string | null }[] };
    expect(data.profile).toMatchObject({ email: fan.email, name: fan.name });
    expect(data.watches.map((watch) => ({ name: watch.name, keyword: watch.keyword }))).toEqual([{ name: watchName, keyword: "Arsenal" }]);
    expect(typeof data.format).toBe("string");
  });

  test("an event's page draws its price history from the stored snapshots: one point per observed low, in order", async () => {
    // The event with the most observed lows among the priced ones the sweep stored.
    const hits = await waitFor("priced sandbox events", async () => {
      const found = await callApi<{ events: SearchHit[] }>(page, "query", "events.search", { limit: 30 });
      const priced = found.events.filter((event) => event.priceMinMinor != null);
      return priced.length ? priced : null;
    }, SWEEP_TIMEOUT, 1_000);
    const views = await Promise.all(hits.slice(0, 10).map((hit) => callApi<EventView>(page, "query", "events.get", { id: hit.id })));
    const event = views.sort((a, b) => b.priceHistory.length - a.priceHistory.length)[0]!;
    expect(event.priceHistory.length).toBeGreaterThan(0);

    await page.goto(`/events/${event.id}`);
    await settle(page);
    await page.getByRole("heading", { level: 1, name: event.name }).waitFor();
    const chart = page.getByRole("img", { name: /^Observed lowest prices: / });
    const points = chart.locator("circle");
    expect(await points.count()).toBe(event.priceHistory.length);
    // The chart says each point's price in words, in the stored order…
    const label = (await chart.getAttribute("aria-label")) ?? "";
    const spoken = label.replace(/^Observed lowest prices: /, "").split("; ").map((part) => part.slice(part.lastIndexOf(": ") + 2));
    expect(spoken).toEqual(event.priceHistory.map((point) => formatMoney(point.minMinor, event.currency!)));
    // …and draws them left to right in time, higher prices higher up.
    const drawn = await points.evaluateAll((circles) => circles.map((circle) => ({ x: Number(circle.getAttribute("cx")), y: Number(circle.getAttribute("cy")) })));
    for (let index = 1; index < drawn.length; index++) {
      expect(drawn[index]!.x).toBeGreaterThanOrEqual(drawn[index - 1]!.x);
      const [before, after] = [event.priceHistory[index - 1]!.minMinor, event.priceHistory[index]!.minMinor];
      expect(Math.sign(drawn[index - 1]!.y - drawn[index]!.y)).toBe(Math.sign(after - before));
    }
    await e2e.screenshot(page, "event-price-chart");
  });
});
