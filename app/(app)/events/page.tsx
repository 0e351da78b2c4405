import type { Metadata } from "next";
import { EventBrowser } from "./event-browser";

export const metadata: Metadata = { title: "Events" };

export default function EventsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Events</h1>
      <EventBrowser />
    </div>
  );
}
