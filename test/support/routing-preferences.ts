import type { RoutingPreferences } from "@/server/notifications/router";

/** A fan's routing preferences for tests: every channel ready, instant delivery, quiet 22:00–07:00 in London. */
export function routingPreferences(overrides: Partial<RoutingPreferences> = {}): RoutingPreferences {
  return {
    timeZone: "Europe/London",
    channels: ["email", "sms", "push", "in-app"],
    deliveryMode: "instant",
    digestFrequency: "daily",
    dailyDigestAt: "08:00",
    quietHours: { start: "22:00", end: "07:00" },
    imminentWithinMinutes: 30,
    readyChannels: ["email", "sms", "push", "webhook"],
    smsPerDay: 5,
    smsSentToday: 0,
    escalation: { isOptedIn: false, afterMinutes: 10 },
    ...overrides,
  };
}
