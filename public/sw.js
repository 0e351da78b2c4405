/*
 * Seatwatch's service worker (served as is from public/, so plain JavaScript):
 * - push: shows the alert the server sent (server/notifications/render-push.ts is the payload's source);
 * - notificationclick: opens the official event page (or the alert in the inbox) and reports the open to
 *   /api/notifications/push-opened, which is how an urgent alert's SMS escalation learns the push was seen;
 * - offline: a page the worker renders itself, listing the alerts this device saw last.
 */
/* global self, caches, fetch, Response, URL */

const CACHE = "seatwatch-v1";
/** The last alerts this device saw (from the inbox, the live feed and pushes), as JSON in the cache. */
const SAVED_ALERTS_URL = "/__seatwatch/last-alerts.json";
const MAX_SAVED_ALERTS = 30;
const ICON = "/icons/icon-192.png";
const BADGE = "/icons/badge-96.png";
const PUSH_OPENED_URL = "/api/notifications/push-opened";
/** app/icon.svg inline, so the offline page does not ask the network for a favicon. */
const OFFLINE_FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f57d1"/><text x="16" y="22.5" font-family="system-ui, sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">S</text></svg>');

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([ICON, BADGE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("seatwatch-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// ── Saved alerts ─────────────────────────────────────────────────────────────────────────────────────────

async function readSavedAlerts() {
  const cache = await caches.open(CACHE);
  const response = await cache.match(SAVED_ALERTS_URL);
  if (!response) return { owner: null, savedAt: null, alerts: [] };
  try {
    return await response.json();
  } catch {
    return { owner: null, savedAt: null, alerts: [] };
  }
}

function toSavedAlert(alert) {
  if (!alert || typeof alert.id !== "string" || typeof alert.title !== "string") return null;
  const createdAt = new Date(alert.createdAt);
  return {
    id: alert.id,
    title: alert.title.slice(0, 300),
    body: typeof alert.body === "string" ? alert.body.slice(0, 1000) : "",
    url: typeof alert.url === "string" && /^https?:\/\//.test(alert.url) ? alert.url : null,
    alertPath: typeof alert.alertPath === "string" && alert.alertPath.startsWith("/") ? alert.alertPath : `/alerts?alert=${encodeURIComponent(alert.id)}`,
    createdAt: Number.isNaN(createdAt.getTime()) ? new Date().toISOString() : createdAt.toISOString(),
  };
}

/** Merges alerts into the saved list; alerts of another account replace the list instead. */
async function saveAlerts(owner, alerts) {
  const saved = await readSavedAlerts();
  const isSameOwner = owner === null || saved.owner === null || saved.owner === owner;
  const byId = new Map((isSameOwner ? saved.alerts : []).map((alert) => [alert.id, alert]));
  for (const alert of alerts.map(toSavedAlert)) if (alert) byId.set(alert.id, alert);
  const merged = [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, MAX_SAVED_ALERTS);
  const cache = await caches.open(CACHE);
  const body = JSON.stringify({ owner: owner ?? saved.owner, savedAt: new Date().toISOString(), alerts: merged });
  await cache.put(SAVED_ALERTS_URL, new Response(body, { headers: { "Content-Type": "application/json" } }));
}

async function forgetAlerts() {
  const cache = await caches.open(CACHE);
  await cache.delete(SAVED_ALERTS_URL);
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (!message || typeof message !== "object") return;
  if (message.type === "seatwatch:alerts-seen" && Array.isArray(message.alerts)) {
    event.waitUntil(saveAlerts(typeof message.owner === "string" ? message.owner : null, message.alerts));
  } else if (message.type === "seatwatch:signed-out") {
    event.waitUntil(forgetAlerts());
  }
});

// ── Push ─────────────────────────────────────────────────────────────────────────────────────────────────

function readPushPayload(event) {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: "Seatwatch", body: event.data ? event.data.text() : "" };
  }
  const origin = self.location.origin;
  const alertUrl = typeof data.alertUrl === "string" ? data.alertUrl : `${origin}/alerts`;
  return {
    title: typeof data.title === "string" && data.title ? data.title : "Seatwatch alert",
    body: typeof data.body === "string" ? data.body : "",
    url: typeof data.url === "string" ? data.url : alertUrl,
    alertUrl,
    tag: typeof data.tag === "string" ? data.tag : "",
    renotify: data.renotify === true,
    kind: typeof data.kind === "string" ? data.kind : null,
    alertId: typeof data.alertId === "string" ? data.alertId : null,
    deliveryId: typeof data.deliveryId === "string" ? data.deliveryId : null,
  };
}

async function broadcast(message) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) client.postMessage(message);
}

self.addEventListener("push", (event) => {
  const payload = readPushPayload(event);
  const hasTwoLinks = payload.url !== payload.alertUrl;
  const options = {
    body: payload.body,
    icon: ICON,
    badge: BADGE,
    data: payload,
    // Chrome refuses renotify without a tag.
    ...(payload.tag ? { tag: payload.tag, renotify: payload.renotify } : {}),
    ...(hasTwoLinks
      ? {
          actions: [
            { action: "official", title: "Official page" },
            { action: "alert", title: "View alert" },
          ],
        }
      : {}),
  };
  const alertLink = new URL(payload.alertUrl, self.location.origin);
  const saved = payload.alertId
    ? saveAlerts(null, [{ id: payload.alertId, title: payload.title, body: payload.body, url: payload.url, alertPath: alertLink.pathname + alertLink.search, createdAt: new Date().toISOString() }])
    : Promise.resolve();
  event.waitUntil(
    Promise.all([
      self.registration.showNotification(payload.title, options),
      saved.catch(() => undefined),
      broadcast({ type: "seatwatch:push", payload }),
    ]),
  );
});

/** Opens a URL: an inbox link in an open Seatwatch window when there is one, anything else in a new window. */
async function openTarget(target) {
  const url = new URL(target, self.location.origin);
  if (url.origin === self.location.origin) {
    const windows = await self.clients.matchAll({ type: "window" });
    const open = windows.find((client) => "focus" in client);
    if (open) {
      const navigated = await open.navigate(url.href).catch(() => null);
      return (navigated ?? open).focus();
    }
  }
  return self.clients.openWindow(url.href);
}

/** Tells the server the fan saw it (no cookie needed: the id is a signed, per-delivery token). */
function reportOpened(deliveryId) {
  if (!deliveryId) return Promise.resolve();
  return fetch(PUSH_OPENED_URL, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ deliveryId }),
    credentials: "same-origin",
    keepalive: true,
  }).catch(() => undefined);
}

/** A click on a notification (or on one of its actions): open what it points to and report the open. */
function handleNotificationClick(notification, action) {
  const payload = notification.data || {};
  notification.close();
  const target = action === "alert" ? payload.alertUrl : payload.url || payload.alertUrl || "/alerts";
  return Promise.all([
    openTarget(target).catch(() => undefined),
    reportOpened(payload.deliveryId),
    broadcast({ type: "seatwatch:notification-click", deliveryId: payload.deliveryId || null, target }),
  ]);
}

self.addEventListener("notificationclick", (event) => {
  event.waitUntil(handleNotificationClick(event.notification, event.action));
});

// ── Offline ──────────────────────────────────────────────────────────────────────────────────────────────

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const OFFLINE_STYLE = `
  :root { color-scheme: light dark; font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
  body { margin: 0; background: #f8fafc; color: #0f172a; }
  header { display: flex; align-items: center; gap: .5rem; padding: .75rem 1rem; background: #fff; border-bottom: 1px solid #e2e8f0; font-weight: 600; color: #1a46a8; }
  header img { width: 28px; height: 28px; border-radius: 8px; }
  main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
  ul { list-style: none; padding: 0; margin: 1rem 0; display: grid; gap: .5rem; }
  li { background: #fff; border: 1px solid #e2e8f0; border-radius: .75rem; padding: .75rem 1rem; overflow-wrap: anywhere; }
  .title { font-weight: 600; margin: 0; } .body { margin: .25rem 0; font-size: .875rem; color: #475569; }
  .meta { font-size: .75rem; color: #64748b; display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
  a { color: #1f57d1; } .retry { display: inline-block; margin-top: .5rem; padding: .5rem 1rem; border-radius: .5rem; background: #1f57d1; color: #fff; text-decoration: none; }
  @media (prefers-color-scheme: dark) {
    body { background: #020617; color: #f1f5f9; } header, li { background: #0f172a; border-color: #1e293b; color: #dbeafe; }
    .body { color: #cbd5e1; } .meta { color: #94a3b8; } a { color: #93c5fd; }
  }`;

function renderOffline(requestUrl, saved) {
  const when = (iso) => {
    try {
      return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
    } catch {
      return iso;
    }
  };
  const items = saved.alerts
    .map(
      (alert) => `<li><p class="title">${escapeHtml(alert.title)}</p><p class="body">${escapeHtml(alert.body)}</p><p class="meta"><time datetime="${escapeHtml(alert.createdAt)}">${escapeHtml(when(alert.createdAt))}</time>${
        alert.url ? `<a href="${escapeHtml(alert.url)}" target="_blank" rel="noopener noreferrer">Official page</a>` : ""
      }</p></li>`,
    )
    .join("");
  const list = saved.alerts.length
    ? `<h2>Last alerts on this device</h2><p class="meta">Saved ${escapeHtml(when(saved.savedAt))}. Delivery status and newer alerts come back with the connection.</p><ul>${items}</ul>`
    : `<p>No alerts are saved on this device yet.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · Seatwatch</title><link rel="icon" href="${OFFLINE_FAVICON}"><style>${OFFLINE_STYLE}</style></head><body><header><img src="${ICON}" alt="">Seatwatch</header><main><h1>You're offline</h1><p>Seatwatch needs a connection to check your watches and show what is new. Try again once you are back online.</p>${list}<a class="retry" href="${escapeHtml(requestUrl)}">Try again</a></main></body></html>`;
}

async function offlineResponse(request) {
  const saved = await readSavedAlerts().catch(() => ({ owner: null, savedAt: null, alerts: [] }));
  return new Response(renderOffline(request.url, saved), { status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The next person on this device must not see the last one's alerts offline: forget them on sign-out, and
  // whenever the sign-in page is asked for (after a sign-out, an expired session, or another account).
  const isSigningOut = request.method === "POST" && url.pathname === "/api/auth/sign-out";
  if (isSigningOut || (request.method === "GET" && url.pathname === "/sign-in")) event.waitUntil(forgetAlerts());
  if (isSigningOut) return;
  if (request.method === "GET" && url.pathname === ICON) {
    event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
    return;
  }
  if (request.mode !== "navigate" || request.method !== "GET") return;
  event.respondWith(fetch(request).catch(() => offlineResponse(request)));
});
