import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import { formatProblems, launchBrowser, newViewportContext, ProblemLog, saveScreenshot, SCREENSHOT_DIR, VIEWPORTS, type ViewportSpec } from "./browser";
import { isChromiumAvailable } from "./chromium";
import { removeServerFolder, startAppServer, type AppServer } from "./server";

/** What a browser test gets: the running app, and fresh contexts and pages at one viewport. */
export interface E2E {
  viewport: ViewportSpec;
  readonly server: AppServer;
  /** A fresh browser profile (no cookies) at this viewport, closed when the file ends. */
  newContext(): Promise<BrowserContext>;
  /** A page whose console errors, uncaught exceptions and 5xx responses fail the current test. */
  newPage(context: BrowserContext): Promise<Page>;
  /** Accepts console errors matching `pattern` for the rest of the current test (an expected 404 or 429). */
  allowConsoleError(pattern: RegExp): void;
  screenshot(page: Page, name: string): Promise<string>;
}

const isMobile = (viewport: ViewportSpec) => viewport.isMobile;
export { isMobile };

/**
 * A browser suite: one production server and one Chromium for the file, and `body` run once per viewport
 * (390×844 touch, 1280×800). Skipped with a message when Chromium is missing on a developer machine; fails
 * loudly in CI (see chromium.ts).
 */
export function describeE2E(title: string, body: (e2e: E2E) => void) {
  const isAvailable = isChromiumAvailable();
  describe.skipIf(!isAvailable)(title, () => {
    let server: AppServer | undefined;
    let browser: Browser | undefined;
    let hasFailed = false;
    const problems = new ProblemLog();
    const contexts: BrowserContext[] = [];
    const openPages = new Set<Page>();

    const slug = (text: string) => text.replace(/[^a-z0-9]+/gi, "-").toLowerCase().replace(/^-|-$/g, "");
    const failureDir = path.join(SCREENSHOT_DIR, "failures");

    beforeAll(async () => {
      const startedAt = Date.now();
      // Failure screenshots from an earlier run of this file would mislead.
      for (const file of await readdir(failureDir).catch(() => [])) {
        if (file.startsWith(`${slug(title)}--`)) await rm(path.join(failureDir, file), { force: true });
      }
      const [started, launched] = await Promise.allSettled([startAppServer(), launchBrowser()]);
      if (started.status === "fulfilled") server = started.value;
      if (launched.status === "fulfilled") browser = launched.value;
      if (started.status === "rejected") throw started.reason;
      if (launched.status === "rejected") throw new Error(`e2e: Chromium did not start: ${launched.reason}`);
      if (!server || !browser) throw new Error("unreachable");
      console.log(`[e2e] ${title}: server at ${server.url} and Chromium ${browser.version()} ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    });

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close().catch(() => undefined);
      if (server) {
        const stoppingAt = Date.now();
        await server.stop();
        console.log(`[e2e] ${title}: server stopped in ${((Date.now() - stoppingAt) / 1000).toFixed(1)} s`);
        if (hasFailed) console.error(`[e2e] ${title}: server log kept at ${server.logFile}`);
        else await removeServerFolder(server);
      }
    });

    beforeEach((context) => {
      context.onTestFailed(async () => {
        hasFailed = true;
        const viewportName = context.task.suite?.name.includes("mobile") ? "mobile" : "desktop";
        const name = `${slug(title)}--${viewportName}--${slug(context.task.name).slice(0, 60)}`;
        await mkdir(failureDir, { recursive: true });
        let index = 0;
        for (const page of openPages) {
          if (page.isClosed()) continue;
          const file = path.join(failureDir, `${name}-${index++}.png`);
          await page.screenshot({ path: file, fullPage: true }).then(
            () => console.error(`[e2e] failure screenshot: ${file} (${page.url()})`),
            () => undefined,
          );
        }
        const seen = problems.peek();
        if (seen.length) console.error(`[e2e] page problems so far:\n${formatProblems(seen)}`);
        if (server) console.error(`[e2e] last lines of the server log (${server.logFile}):\n${server.logTail(80)}`);
      });
    });

    afterEach(() => {
      for (const page of openPages) if (page.isClosed()) openPages.delete(page);
      const unexpected = problems.take();
      if (unexpected.length) throw new Error(`Pages reported errors:\n${formatProblems(unexpected)}`);
    });

    describe.each(VIEWPORTS)("at $name ($width×$height)", (viewport) => {
      body({
        viewport,
        get server() {
          if (!server) throw new Error("the server is not running (beforeAll failed)");
          return server;
        },
        async newContext() {
          if (!browser || !server) throw new Error("the browser or server is not running (beforeAll failed)");
          const context = await newViewportContext(browser, viewport, server.url);
          contexts.push(context);
          return context;
        },
        async newPage(context) {
          const page = await context.newPage();
          problems.watch(page);
          openPages.add(page);
          return page;
        },
        allowConsoleError: (pattern) => problems.allow(pattern),
        screenshot: (page, name) => saveScreenshot(page, viewport, name),
      });
    });
  });
}
