import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";

export interface ViewportSpec {
  /** Folder name for screenshots and the label in test titles. */
  name: "mobile" | "desktop";
  width: number;
  height: number;
  isMobile: boolean;
  hasTouch: boolean;
  deviceScaleFactor: number;
}

/** The two sizes every browser test runs at: a phone held upright and a laptop. */
export const VIEWPORTS: readonly ViewportSpec[] = [
  { name: "mobile", width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: "desktop", width: 1280, height: 800, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
];

export const SCREENSHOT_DIR = fileURLToPath(new URL("../screenshots/", import.meta.url));

export function launchBrowser(): Promise<Browser> {
  // `headless: true` plus our own flags; playwright-core never downloads a browser, it drives this one.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

export async function newViewportContext(browser: Browser, viewport: ViewportSpec, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: viewport.width, height: viewport.height },
    screen: { width: viewport.width, height: viewport.height },
    isMobile: viewport.isMobile,
    hasTouch: viewport.hasTouch,
    deviceScaleFactor: viewport.deviceScaleFactor,
    locale: "en-GB",
    timezoneId: "Europe/London",
    colorScheme: "light",
    serviceWorkers: "allow",
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** What went wrong on a page: console errors, uncaught exceptions and server errors (5xx). */
export interface PageProblem {
  page: string;
  kind: "console" | "pageerror" | "http";
  text: string;
}

/**
 * Console errors the app is known to cause that a test cannot avoid, each with the fix reported to the lead.
 * Remove an entry once the app is fixed; the harness prints it whenever it was needed.
 */
export const KNOWN_APP_ISSUES: { pattern: RegExp; reason: string }[] = [];

const knownIssuesSeen = new Set<string>();

/**
 * Collects problems from every page it watches. Tests may expect a specific error on a page (a 404 document,
 * a 429 from the rate limiter) with `allow`; expectations last until `take` is called (after each test).
 */
export class ProblemLog {
  private problems: PageProblem[] = [];
  private allowed: RegExp[] = [];

  watch(page: Page) {
    const where = () => {
      try {
        const url = new URL(page.url());
        return url.pathname + url.search;
      } catch {
        return page.url();
      }
    };
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const location = message.location();
      const source = location.url ? ` (${location.url}${location.lineNumber ? `:${location.lineNumber}` : ""})` : "";
      this.add({ page: where(), kind: "console", text: `${message.text()}${source}` });
    });
    page.on("pageerror", (error) => this.add({ page: where(), kind: "pageerror", text: error.stack ?? error.message }));
    page.on("response", (response) => {
      if (response.status() >= 500) this.add({ page: where(), kind: "http", text: `${response.status()} ${response.request().method()} ${response.url()}` });
    });
  }

  /** Accepts console errors matching `pattern` until the end of the current test. */
  allow(pattern: RegExp) {
    this.allowed.push(pattern);
  }

  private add(problem: PageProblem) {
    this.problems.push(problem);
  }

  /** Returns the problems not allowed, and starts afresh. */
  take(): PageProblem[] {
    const unexpected = this.problems.filter((problem) => {
      if (this.allowed.some((pattern) => pattern.test(problem.text))) return false;
      const known = KNOWN_APP_ISSUES.find((issue) => issue.pattern.test(problem.text));
      if (!known) return true;
      if (!knownIssuesSeen.has(known.reason)) console.warn(`[e2e] known app issue, tolerated: ${known.reason}`);
      knownIssuesSeen.add(known.reason);
      return false;
    });
    this.problems = [];
    this.allowed = [];
    return unexpected;
  }

  peek(): PageProblem[] {
    return [...this.problems];
  }
}

export function formatProblems(problems: PageProblem[]) {
  return problems.map((problem) => `  [${problem.kind}] on ${problem.page}: ${problem.text}`).join("\n");
}

/** Saves a full-page screenshot as test/e2e/screenshots/<viewport>/<name>.png. */
export async function saveScreenshot(page: Page, viewport: ViewportSpec, name: string) {
  const dir = path.join(SCREENSHOT_DIR, viewport.name);
  await mkdir(dir, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
  return file;
}
