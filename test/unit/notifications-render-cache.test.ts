import { describe, expect, it } from "vitest";
import { ALERT_KINDS } from "@/server/notifications/alert-message";
import { renderAlertEmail } from "@/server/notifications/render-email";
import { createCachedAlertEmailRenderer } from "@/server/notifications/render-email-cache";
import { buildAlertMessage } from "@/test/fakes/alert-messages";

const fanLinks = (i: number) => ({
  alertUrl: `https://seatwatch.example/alerts/a-${i}?from=email&x=<1>`,
  unsubscribeUrl: `https://seatwatch.example/api/v1/unsubscribe?token=t${i}&watch=w${i}`,
  preferencesUrl: "https://seatwatch.example/settings/notifications",
});

describe("fan-out email rendering", () => {
  it.each(ALERT_KINDS)("gives byte-for-byte the same %s email as a fresh render, per fan", async (kind) => {
    const renderer = createCachedAlertEmailRenderer({ wrapOfficialUrl: (url, context) => `${url}?ref=${context.alertId}` });
    for (let i = 0; i < 3; i++) {
      const message = buildAlertMessage(kind, { alertId: `alert/${i}`, watchName: `Tom & Jerry's "watch" <${i}>`, links: fanLinks(i) });
      expect(await renderer.render(message)).toEqual(await renderAlertEmail(message, { wrapOfficialUrl: (url, context) => `${url}?ref=${context.alertId}` }));
    }
    expect(renderer.stats).toEqual({ hits: 2, misses: 1 });
  });

  it("renders again when the fan's zone changes the dates", async () => {
    const renderer = createCachedAlertEmailRenderer();
    await renderer.render(buildAlertMessage("on-sale-now"));
    await renderer.render(buildAlertMessage("on-sale-now", { fan: { timeZone: "America/Chicago", locale: "en-US", name: null } }));
    expect(renderer.stats).toEqual({ hits: 0, misses: 2 });
  });
});
