import type { MetadataRoute } from "next";

/** The web app manifest: what Android and desktop browsers install (iOS reads the apple-* tags instead). */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Seatwatch",
    short_name: "Seatwatch",
    description: "Watch the events you care about and get an alert, with the official link, when tickets move.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#f8fafc",
    theme_color: "#1f57d1",
    categories: ["entertainment", "sports", "music"],
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
    shortcuts: [
      { name: "Alerts", url: "/alerts", icons: [{ src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }] },
      { name: "New watch", url: "/watches/new", icons: [{ src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }] },
    ],
  };
}
