"use client";

/** The service worker's script (public/sw.js): push notifications, notification clicks, the offline page. */
export const SERVICE_WORKER_URL = "/sw.js";

export function isServiceWorkerSupported(): boolean {
  return typeof navigator !== "undefined" && "serviceWorker" in navigator;
}

/** Registers the worker (a no-op when it already is) and resolves once one is active. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: "/" });
  return navigator.serviceWorker.ready;
}

/** Messages the page sends the worker (see public/sw.js). */
export type WorkerMessage =
  | { type: "seatwatch:alerts-seen"; owner: string; alerts: { id: string; title: string; body: string; url: string | null; createdAt: Date; alertPath?: string }[] }
  | { type: "seatwatch:signed-out" };

/** Messages the worker sends its pages. */
export type WorkerBroadcast = { type: "seatwatch:push"; payload: { alertId: string | null; title: string } } | { type: "seatwatch:notification-click"; deliveryId: string | null; target: string };

export function postToServiceWorker(message: WorkerMessage) {
  if (!isServiceWorkerSupported()) return;
  navigator.serviceWorker.controller?.postMessage(message);
}
