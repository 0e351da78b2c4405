// Renders the PWA icons in public/icons/ (and app/apple-icon.png) from app/icon.svg with the local Chromium,
// so the PNGs always match the SVG. Run after changing the icon: `node scripts/generate-icons.mjs`; commit the PNGs.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, URL } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = readFileSync(path.join(root, "app", "icon.svg"), "utf8");

/**
 * Maskable and Apple icons are cropped by the platform (a circle, a squircle): they fill the square with the
 * brand colour and keep the letter inside the central 80% safe zone (W3C "maskable" icon guidance).
 */
function fullBleed(svg, letterScale) {
  return svg
    .replace(/<rect([^>]*?) rx="[^"]*"/, "<rect$1")
    .replace(/<text /, `<text transform="translate(16 16) scale(${letterScale}) translate(-16 -16)" `);
}

/** Android draws the notification badge from its alpha channel only: the letter alone, on nothing. */
const letterOnly = (svg) => svg.replace(/<rect[^>]*\/>/, "");

const icons = [
  { file: "public/icons/icon-192.png", size: 192, svg: source, isTransparent: true },
  { file: "public/icons/icon-512.png", size: 512, svg: source, isTransparent: true },
  { file: "public/icons/maskable-192.png", size: 192, svg: fullBleed(source, 0.8), isTransparent: false },
  { file: "public/icons/maskable-512.png", size: 512, svg: fullBleed(source, 0.8), isTransparent: false },
  { file: "public/icons/badge-96.png", size: 96, svg: letterOnly(source), isTransparent: true },
  { file: "app/apple-icon.png", size: 180, svg: fullBleed(source, 0.9), isTransparent: false },
];

const browser = await chromium.launch({ executablePath: process.env.SEATWATCH_E2E_CHROMIUM || "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${Buffer.from(icon.svg).toString("base64")}`;
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent"><img src="${src}" width="${icon.size}" height="${icon.size}" style="display:block"></body></html>`);
    await page.locator("img").evaluate((image) => image.decode());
    await page.screenshot({ path: path.join(root, icon.file), omitBackground: icon.isTransparent, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
    await page.close();
    console.log(`wrote ${icon.file} (${icon.size}×${icon.size})`);
  }
} finally {
  await browser.close();
}
