import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "./_lib/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Seatwatch", template: "%s · Seatwatch" },
  description: "Watch the events you care about and get an alert, with the official link, when tickets move.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1f57d1" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
