"use client";

import { useCallback, useEffect, useId, useState } from "react";
import { isServiceWorkerSupported, registerServiceWorker } from "@/app/_lib/service-worker";
import { Alert, Button, cn } from "./ui";

/** Where the device's state is: what the fan sees and can do next. */
export type PushState = "checking" | "unsupported" | "blocked" | "unconfigured" | "off" | "on";

export interface PushToggleProps {
  /** Called after this device was subscribed or unsubscribed (e.g. to refresh a list of devices). */
  onChange?: (change: { isEnabled: boolean; endpoint: string }) => void;
  className?: string;
}

const VAPID_KEY_URL = "/api/notifications/vapid-public-key";
const SUBSCRIBE_URL = "/api/notifications/push/subscribe";
/** A browser whose push service cannot be reached never answers subscribe(); give up after this (our choice). */
const SUBSCRIBE_TIMEOUT_MS = 30_000;

function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

function isSameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const bytes = new Uint8Array(a);
  return bytes.every((byte, index) => byte === b[index]);
}

async function readError(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === "string" ? body.error : `The server answered ${response.status}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

async function findSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * "Enable push on this device": registers the service worker, asks for permission, subscribes with the
 * server's VAPID key and sends the subscription to the server; turning it off unsubscribes both sides.
 */
export function PushToggle({ onChange, className }: PushToggleProps) {
  const explanationId = useId();
  const [state, setState] = useState<PushState>("checking");
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const check = useCallback(async () => {
    if (!isServiceWorkerSupported() || !("PushManager" in window) || !("Notification" in window)) return setState("unsupported");
    if (Notification.permission === "denied") return setState("blocked");
    const subscription = await findSubscription().catch(() => null);
    setState(subscription && Notification.permission === "granted" ? "on" : "off");
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  async function enable() {
    const registration = await registerServiceWorker();
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      setState(permission === "denied" ? "blocked" : "off");
      throw new Error(permission === "denied" ? "Notifications are blocked for this site. Allow them in your browser's site settings, then try again." : "Notifications were not allowed. Try again and choose Allow.");
    }
    const keyResponse = await fetch(VAPID_KEY_URL, { cache: "no-store" });
    if (keyResponse.status === 404) {
      setState("unconfigured");
      throw new Error("Push notifications are not set up on this server yet.");
    }
    if (!keyResponse.ok) throw new Error(await readError(keyResponse));
    const key = decodeBase64Url(((await keyResponse.json()) as { publicKey: string }).publicKey);
    let subscription = await registration.pushManager.getSubscription();
    // A subscription made for an earlier key would be refused by the push service: replace it.
    if (subscription && !isSameKey(subscription.options.applicationServerKey, key)) {
      await subscription.unsubscribe();
      subscription = null;
    }
    subscription ??= await withTimeout(
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
      SUBSCRIBE_TIMEOUT_MS,
      "The browser's push service did not answer. Check your connection and try again.",
    );
    const saved = await fetch(SUBSCRIBE_URL, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(subscription.toJSON()) });
    if (!saved.ok) {
      await subscription.unsubscribe().catch(() => undefined);
      throw new Error(await readError(saved));
    }
    setState("on");
    setNotice("Push is on for this device. Alerts from watches with push on will show up here.");
    onChange?.({ isEnabled: true, endpoint: subscription.endpoint });
  }

  async function disable() {
    const subscription = await findSubscription();
    if (subscription) {
      const removed = await fetch(SUBSCRIBE_URL, { method: "DELETE", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ endpoint: subscription.endpoint }) });
      if (!removed.ok) throw new Error(await readError(removed));
      await subscription.unsubscribe();
      onChange?.({ isEnabled: false, endpoint: subscription.endpoint });
    }
    setState("off");
    setNotice("Push is off for this device.");
  }

  async function run(action: () => Promise<void>) {
    setIsBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setIsBusy(false);
    }
  }

  const explanation: Record<PushState, string> = {
    checking: "Checking this device…",
    unsupported: "This browser cannot receive push notifications. On iPhone and iPad, add Seatwatch to your Home Screen first (Share → Add to Home Screen), then open it from there.",
    blocked: "Notifications are blocked for this site. Allow them in your browser's site settings to turn push on.",
    unconfigured: "Push notifications are not set up on this server yet.",
    off: "Get alerts as notifications on this phone or computer, even when Seatwatch is closed.",
    on: "This device gets push notifications for watches that have push on.",
  };

  return (
    <div className={cn("space-y-2", className)}>
      <p id={explanationId} className="text-sm text-slate-600 dark:text-slate-300">
        {explanation[state]}
      </p>
      {state === "off" || state === "on" || state === "blocked" ? (
        <Button
          variant={state === "on" ? "secondary" : "primary"}
          isBusy={isBusy}
          aria-describedby={explanationId}
          disabled={state === "blocked"}
          onClick={() => run(state === "on" ? disable : enable)}
        >
          {state === "on" ? "Turn off push on this device" : "Enable push on this device"}
        </Button>
      ) : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}
