import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "./_lib/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Seatwatch", template: "%s · Seatwatch" },
  description: "Watch the events you care about and get an alert, with the official link, when tickets move.",
  applicationName: "Seatwatch",
  // The home-screen app on iOS reads these apple-* tags; its icon is app/apple-icon.png.
  appleWebApp: { capable: true, title: "Seatwatch", statusBarStyle: "default" },
  formatDetection: { telephone: false },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#1f57d1" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

// Every page renders per request so Next can put the CSP nonce (proxy.ts) on its scripts; a prerendered page's
// inline scripts would have none and be blocked.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
