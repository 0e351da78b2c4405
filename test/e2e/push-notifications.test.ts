import { createECDH, randomBytes, randomUUID } from "node:crypto";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { expect, test } from "vitest";
import type { PushPayload } from "@/server/notifications/ports";
import { navigateTo, signUpAndVerify, waitFor } from "./support/flows";
import { describeE2E } from "./support/suite";

/**
 * Headless Chromium cannot subscribe to a real push service: a browser context is incognito (Chrome refuses
 * the Push API there) and a persistent profile waits forever for Google's push service, which this machine
 * cannot reach. So the test stands in for the browser's push service at exactly that boundary: PushManager
 * hands out a subscription with real P-256 keys and an endpoint on a public address (the server's SSRF guard
 * refuses anything else). Nothing is ever sent to that endpoint: this fan has no watches, so no delivery is
 * planned, and the test removes the device at the end. The message itself is then delivered to the real
 * service worker through the DevTools protocol (ServiceWorker.deliverPushMessage), as the issue prescribes.
 */
function pushManagerStandIn(subscription: { endpoint: string; keys: { p256dh: string; auth: string } }) {
  const storeKey = "seatwatch-e2e-push-subscription";
  const encode = (buffer: ArrayBuffer | ArrayBufferView) => {
    const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const decode = (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=")), (char) => char.charCodeAt(0)).buffer;
  const make = (serverKey: string) => ({
    endpoint: subscription.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: decode(serverKey) },
    getKey: (name: "p256dh" | "auth") => decode(subscription.keys[name]),
    toJSON: () => ({ endpoint: subscription.endpoint, expirationTime: null, keys: subscription.keys }),
    unsubscribe: async () => {
      localStorage.removeItem(storeKey);
      return true;
    },
  });
  PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
    if (Notification.permission !== "granted") throw new DOMException("Registration failed - permission denied", "NotAllowedError");
    const serverKey = encode(options!.applicationServerKey as ArrayBuffer | ArrayBufferView);
    localStorage.setItem(storeKey, serverKey);
    return make(serverKey) as unknown as PushSubscription;
  };
  PushManager.prototype.getSubscription = async function () {
    const serverKey = localStorage.getItem(storeKey);
    return (serverKey ? make(serverKey) : null) as unknown as PushSubscription;
  };
}

/** The service worker registration's id for an origin, from the DevTools protocol. */
async function findRegistrationId(cdp: CDPSession, origin: string): Promise<string> {
  const registrations = new Map<string, { registrationId: string; scopeURL: string; isDeleted: boolean }>();
  cdp.on("ServiceWorker.workerRegistrationUpdated", (event) => {
    for (const registration of event.registrations) registrations.set(registration.registrationId, registration);
  });
  await cdp.send("ServiceWorker.enable");
  return waitFor("the service worker registration", async () => [...registrations.values()].find((registration) => !registration.isDeleted && registration.scopeURL === `${origin}/`)?.registrationId);
}

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  icon: string;
  actions: string[];
  data: PushPayload;
}

function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const notifications = await registration.getNotifications();
    return notifications.map((notification) => ({
      title: notification.title,
      body: notification.body,
      tag: notification.tag,
      icon: notification.icon,
      actions: ((notification as unknown as { actions?: { action: string }[] }).actions ?? []).map((action) => action.action),
      data: notification.data,
    }));
  });
}

describeE2E("push notifications", (e2e) => {
  let context: BrowserContext;
  let page: Page;

  test("a fan enables push through the toggle, and a push message shows the alert as a notification", async () => {
    context = await e2e.newContext();
    await context.grantPermissions(["notifications"], { origin: e2e.server.url });
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    // 100.128.0.0 is just past the carrier-grade NAT block: a public address the guard accepts; never contacted.
    const subscription = { endpoint: `https://100.128.0.1/seatwatch-e2e/${randomUUID()}`, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") } };
    await context.addInitScript(pushManagerStandIn, subscription);
    page = await e2e.newPage(context);
    await signUpAndVerify(e2e, page, `Push ${e2e.viewport.name}`);

    await navigateTo(e2e, page, "Settings");
    await page.getByRole("button", { name: "Enable push on this device" }).click();
    await page.getByText("Push is on for this device.").waitFor();
    await page.getByRole("button", { name: "Turn off push on this device" }).waitFor();
    await e2e.screenshot(page, "settings-push-on");

    const cdp = await context.newCDPSession(page);
    const registrationId = await findRegistrationId(cdp, e2e.server.url);
    const received = page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          navigator.serviceWorker.addEventListener("message", (event) => {
            if (event.data?.type === "seatwatch:push") resolve(event.data.payload);
          });
        }),
    );
    const alertId = randomUUID();
    const payload = {
      title: "Arctic Monkeys at The O2",
      body: "Tickets are on sale now.",
      url: "https://www.ticketmaster.co.uk/arctic-monkeys-london/event/G5vYZ9",
      alertUrl: `${e2e.server.url}/alerts?alert=${alertId}`,
      tag: "ticketmaster:G5vYZ9:sale",
      renotify: true,
      kind: "on-sale-now",
      alertId,
      deliveryId: "signed-delivery-token",
    } satisfies PushPayload;
    await cdp.send("ServiceWorker.deliverPushMessage", { origin: e2e.server.url, registrationId, data: JSON.stringify(payload) });

    const [notification] = await waitFor("the notification", async () => {
      const shown = await shownNotifications(page);
      return shown.length > 0 ? shown : null;
    });
    expect(notification).toMatchObject({ title: payload.title, body: payload.body, tag: payload.tag, actions: ["official", "alert"] });
    expect(notification!.icon).toMatch(/\/icons\/icon-192\.png$/);
    expect(notification!.data).toMatchObject({ url: payload.url, alertUrl: payload.alertUrl, deliveryId: payload.deliveryId, alertId });
    expect(await received).toMatchObject({ title: payload.title, alertId });

    // DevTools cannot click a notification, so the test clicks it in the worker: a NotificationEvent for the
    // shown notification and its "View alert" action, dispatched to the worker's own notificationclick
    // listener. Only what a script cannot make is stood in for: the event is untrusted, so its waitUntil is
    // replaced by one that hands the listener's work back to the test. "View alert" opens the inbox entry in
    // this window, and the open is reported to the server with the payload's deliveryId (this made-up token
    // is refused).
    const worker = context.serviceWorkers().find((candidate) => candidate.url().endsWith("/sw.js")) ?? (await context.waitForEvent("serviceworker"));
    const reported = context.waitForEvent("request", (request) => request.url().endsWith("/api/notifications/push-opened"));
    const clicked = await worker.evaluate(async () => {
      type ClickEventInit = EventInit & { notification: Notification; action: string };
      const scope = self as unknown as { registration: ServiceWorkerRegistration; NotificationEvent: new (type: string, init: ClickEventInit) => Event & { waitUntil(work: Promise<unknown>): void } };
      const [shown] = await scope.registration.getNotifications();
      const event = new scope.NotificationEvent("notificationclick", { notification: shown!, action: "alert" });
      const work: Promise<unknown>[] = [];
      Object.defineProperty(event, "waitUntil", { value: (promise: Promise<unknown>) => void work.push(promise) });
      self.dispatchEvent(event);
      await Promise.all(work);
      return { listenerWaitedOn: work.length };
    });
    expect(clicked).toEqual({ listenerWaitedOn: 1 });
    const report = await reported;
    expect(report.method()).toBe("POST");
    expect(report.postDataJSON()).toEqual({ deliveryId: payload.deliveryId });
    const answer = await report.response();
    expect(answer?.status()).toBeGreaterThanOrEqual(400);
    expect(answer?.status()).toBeLessThan(500);
    await page.waitForURL((url) => url.pathname === "/alerts" && url.searchParams.get("alert") === alertId);
    expect(await shownNotifications(page)).toEqual([]);

    // Offline (the app closed, then opened with no connection), the inbox address shows the worker's page
    // with the alerts this device saw last.
    await page.goto("about:blank");
    await context.setOffline(true);
    try {
      await page.goto("/alerts");
      await page.getByRole("heading", { level: 1, name: "You're offline" }).waitFor();
      const saved = page.getByRole("listitem").filter({ hasText: payload.title });
      await saved.waitFor();
      expect(await saved.getByRole("link", { name: "Official page" }).getAttribute("href")).toBe(payload.url);
      await e2e.screenshot(page, "offline-inbox");
    } finally {
      await context.setOffline(false);
    }

    // Off again: the server forgets the device.
    await page.goto("/settings");
    await page.getByRole("button", { name: "Turn off push on this device" }).click();
    await page.getByText("Push is off for this device.").waitFor();
    await page.getByRole("button", { name: "Enable push on this device" }).waitFor();
  });

  test("the app is installable: a manifest with standalone display and 192/512 and maskable icons, and iOS tags", async () => {
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
    expect(manifestHref).toBeTruthy();
    const manifest = (await (await page.request.get(manifestHref!)).json()) as { display: string; start_url: string; icons: { src: string; sizes: string; purpose?: string }[] };
    expect(manifest).toMatchObject({ display: "standalone", start_url: "/" });
    for (const [sizes, purpose] of [["192x192", "any"], ["512x512", "any"], ["512x512", "maskable"]]) {
      const icon = manifest.icons.find((entry) => entry.sizes === sizes && entry.purpose === purpose);
      expect(icon, `${purpose} icon ${sizes}`).toBeDefined();
      const response = await page.request.get(icon!.src);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toBe("image/png");
    }
    const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
    expect((await page.request.get(appleIcon!)).status()).toBe(200);
    expect(await page.locator('meta[name="mobile-web-app-capable"], meta[name="apple-mobile-web-app-capable"]').count()).toBeGreaterThan(0);
  });
});
