import { describe, expect, it } from "vitest";
import { ALERT_KINDS } from "@/server/notifications/alert-message";
import { renderResetEmail, renderVerifyEmail } from "@/server/notifications/render-account-emails";
import { renderAlertEmail, renderDigestEmail } from "@/server/notifications/render-email";
import { renderInAppAlert } from "@/server/notifications/render-in-app";
import { renderAlertPush, renderDigestPush } from "@/server/notifications/render-push";
import { countSmsSegments, renderAlertSms, renderDigestSms, renderVerificationCodeSms, SMS_CONSENT_DISCLOSURE } from "@/server/notifications/render-sms";
import { detectWebhookFormat, renderWebhookBody } from "@/server/notifications/render-webhook";
import { buildAlertMessage, buildEvent, OFFICIAL_URL } from "@/test/fakes/alert-messages";

const wrap = (url: string, context: { channel: string }) => `https://go.seatwatch.example/r?u=${encodeURIComponent(url)}&c=${context.channel}`;

describe("alert email templates", () => {
  it.each(ALERT_KINDS)("renders %s with an HTML and a text part, the official link and the unsubscribe link", async (kind) => {
    const email = await renderAlertEmail(buildAlertMessage(kind));

    expect(email.subject).toContain("The Lumineers");
    expect(email.html).toContain("<html");
    expect(email.html).toContain(`href="${OFFICIAL_URL}"`);
    expect(email.text).toContain(OFFICIAL_URL);
    expect(email.text).toContain("Unsubscribe from this watch: https://seatwatch.example/api/v1/unsubscribe?token=tok_123");
    expect(email.text).not.toContain("<");
    expect(email.headers).toEqual({
      "List-Unsubscribe": "<https://seatwatch.example/api/v1/unsubscribe?token=tok_123>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(email.tags).toEqual([
      { name: "kind", value: kind },
      { name: "alert_id", value: "alert-0001" },
    ]);
  });

  it("renders the same bytes twice, so a retried send passes the vendor's idempotency check", async () => {
    const message = buildAlertMessage("sale-reminder");
    expect(await renderAlertEmail(message)).toEqual(await renderAlertEmail(message));
  });

  it("shows times in the fan's zone, with the venue's wall time when it differs", async () => {
    const message = buildAlertMessage("sale-reminder", { fan: { timeZone: "America/New_York", locale: "en-US", name: null } });
    const email = await renderAlertEmail(message);
    expect(email.text).toContain("General sale: Fri, Mar 6, 2026, 05:00 EST");
    expect(email.text).toContain("When: Fri, Jun 12, 2026, 14:30 EDT (19:30 at the venue)");
  });

  it("says 'time to be announced' for a date-only event and 'not checked' for criteria the source cannot answer", async () => {
    const message = buildAlertMessage("announced", { event: buildEvent({ startsAt: null, localDate: "2026-09-19" }), uncheckedCriteria: ["sections", "quantity"] });
    const email = await renderAlertEmail(message);
    expect(email.text).toMatch(/When: Sat, 19 Sept? 2026, time to be announced/);
    expect(email.text).toContain("Not checked: the ticket source does not report sections, number of tickets");
  });

  it("links to the alert page when the event has no official URL", async () => {
    const email = await renderAlertEmail(buildAlertMessage("event-gone", { event: buildEvent({ officialUrl: null }) }));
    expect(email.text).toContain("Open the alert: https://seatwatch.example/alerts/alert-0001");
  });

  it("applies the affiliate hook to the official link at render time, per channel", async () => {
    const message = buildAlertMessage("on-sale-now");
    const wrapped = (channel: string) => wrap(OFFICIAL_URL, { channel });
    expect((await renderAlertEmail(message, { wrapOfficialUrl: wrap })).text).toContain(wrapped("email"));
    expect(renderAlertSms(message, { wrapOfficialUrl: wrap }).body).toContain(wrapped("sms"));
    expect(renderAlertPush(message, { wrapOfficialUrl: wrap }).payload.url).toBe(wrapped("push"));
    expect(renderInAppAlert(message, "2026-03-06T10:00:05Z", { wrapOfficialUrl: wrap }).url).toBe(wrapped("in-app"));
  });
});

describe("digest and account emails", () => {
  const links = { alertsUrl: "https://seatwatch.example/alerts", preferencesUrl: "https://seatwatch.example/settings", unsubscribeUrl: "https://seatwatch.example/u/1" };

  it("puts many alerts in one email, each with its official link", async () => {
    const alerts = [buildAlertMessage("announced"), buildAlertMessage("price-dropped", { alertId: "alert-2" }), buildAlertMessage("status-changed", { alertId: "alert-3" })];
    const email = await renderDigestEmail({ fan: { timeZone: "Europe/London", locale: "en-GB" }, reason: "quiet-hours", alerts, links });

    expect(email.subject).toBe("While your quiet hours were on: 3 alerts — Just announced: The Lumineers – Automatic World Tour");
    expect(email.text.match(new RegExp(OFFICIAL_URL.replace(/[.?]/g, "\\$&"), "g"))).toHaveLength(3);
    expect(email.text).toContain("3. New date: The Lumineers – Automatic World Tour");
    expect(email.html).toContain("Alert details");
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("renders verification and password-reset emails with both parts and the action link", async () => {
    const verify = await renderVerifyEmail("fan@example.com", "https://seatwatch.example/verify?token=abc");
    const reset = await renderResetEmail("fan@example.com", "https://seatwatch.example/reset?token=def");

    expect(verify).toMatchObject({ to: "fan@example.com", subject: "Confirm your email for Seatwatch" });
    expect(verify.html).toContain('href="https://seatwatch.example/verify?token=abc"');
    expect(verify.text).toContain("Confirm my email: https://seatwatch.example/verify?token=abc");
    expect(reset.subject).toBe("Reset your Seatwatch password");
    expect(reset.text).toContain("Choose a new password: https://seatwatch.example/reset?token=def");
    expect(reset.html).not.toContain("Unsubscribe");
  });
});

describe("SMS, push, webhook and in-app renderings", () => {
  it.each(ALERT_KINDS)("fits %s into one GSM-7 SMS with the official link", (kind) => {
    const sms = renderAlertSms(buildAlertMessage(kind));
    expect(sms.body).toContain(OFFICIAL_URL);
    expect(sms.body.startsWith("Seatwatch: ")).toBe(true);
    expect(sms.segments).toEqual(countSmsSegments(sms.body));
    expect(sms.segments).toMatchObject({ encoding: "gsm-7", segments: 1 });
  });

  it("shortens a long event name rather than the link, and swaps typographic characters for GSM-7 ones", () => {
    const name = "Ludovico Einaudi – “Underwater” Tour with the Royal Philharmonic Concert Orchestra and Friends";
    const sms = renderAlertSms(buildAlertMessage("on-sale-now", { event: buildEvent({ name }) }));
    expect(sms.body).toMatch(/^Seatwatch: On sale now: Ludovico Einaudi - "Underwater" Tour.*\.\.\. https:\/\/www\.ticketmaster/);
    expect(sms.body.endsWith(OFFICIAL_URL)).toBe(true);
    expect(sms.segments.segments).toBe(1);
  });

  it("renders the phone verification code without a link, and versions the consent text", () => {
    const sms = renderVerificationCodeSms("482913", 10);
    expect(sms.body).toBe("Seatwatch code: 482913. It expires in 10 minutes. Do not share it with anyone.");
    expect(sms.body).not.toContain("http");
    expect(SMS_CONSENT_DISCLOSURE.text).toContain("Reply STOP");
  });

  it("sums up a held batch in one SMS and one push that open the inbox", () => {
    const alerts = [buildAlertMessage("price-below"), buildAlertMessage("announced")];
    const sms = renderDigestSms({ alerts, alertsUrl: "https://seatwatch.example/alerts", reason: "quiet-hours" });
    expect(sms.body).toMatch(/^Seatwatch: 2 alerts during quiet hours, incl\. From £45\.50/);
    expect(sms.body).toContain("https://seatwatch.example/alerts");
    const push = renderDigestPush({ alerts, alertsUrl: "https://seatwatch.example/alerts", digestKey: "push:quiet:2026-03-06T07:00:00.000Z" });
    expect(push.payload).toMatchObject({ title: "2 alerts from your watches", url: "https://seatwatch.example/alerts", kind: "digest" });
  });

  it("sets push urgency and TTL per kind", () => {
    const policy = (kind: (typeof ALERT_KINDS)[number]) => {
      const push = renderAlertPush(buildAlertMessage(kind));
      return [push.urgency, push.ttlSeconds];
    };
    expect(policy("on-sale-now")).toEqual(["high", 7200]);
    expect(policy("sale-reminder")).toEqual(["high", 600]);
    expect(policy("section-available")).toEqual(["high", 900]);
    expect(policy("price-dropped")).toEqual(["normal", 21600]);
    expect(policy("announced")).toEqual(["low", 86400]);
    for (const kind of ALERT_KINDS) expect(Buffer.byteLength(JSON.stringify(renderAlertPush(buildAlertMessage(kind)).payload))).toBeLessThan(1000);
  });

  it("gives reminders and the on-sale one push topic, so an undelivered reminder is replaced", () => {
    const reminder = renderAlertPush(buildAlertMessage("sale-reminder"));
    const onSale = renderAlertPush(buildAlertMessage("on-sale-now"));
    expect(reminder.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(reminder.topic).toBe(onSale.topic);
    expect(renderAlertPush(buildAlertMessage("price-dropped")).topic).toBeNull();
  });

  it("detects Discord and Slack webhook URLs and escapes markup in event names", () => {
    expect(detectWebhookFormat("https://discord.com/api/webhooks/1/abc")).toBe("discord");
    expect(detectWebhookFormat("https://hooks.slack.com/services/T/B/x")).toBe("slack");
    expect(detectWebhookFormat("https://example.com/hook")).toBe("generic");
    const message = buildAlertMessage("announced", { event: buildEvent({ name: "**Free** [click](https://evil.example) @everyone" }) });
    const discord = renderWebhookBody(message, "discord") as { content: string; allowed_mentions: unknown };
    expect(discord.content).toContain("\\*\\*Free\\*\\* \\[click\\](https://evil.example)");
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    const slack = renderWebhookBody(buildAlertMessage("announced", { event: buildEvent({ name: "<!channel> A & B" }) }), "slack") as { blocks: { text?: { text: string } }[] };
    expect(slack.blocks[0]!.text!.text).toContain("&lt;!channel&gt; A &amp; B");
  });

  it("renders the in-app entry with title, body and the official link", () => {
    expect(renderInAppAlert(buildAlertMessage("price-below"), "2026-03-06T10:00:05Z")).toEqual({
      alertId: "alert-0001",
      kind: "price-below",
      title: "Tickets from £45.50: The Lumineers – Automatic World Tour",
      body: "The Lumineers – Automatic World Tour is listed from £45.50, within your limit of £60.00.",
      url: OFFICIAL_URL,
      alertUrl: "https://seatwatch.example/alerts/alert-0001",
      eventName: "The Lumineers – Automatic World Tour",
      watchName: "Lumineers in London",
      createdAt: "2026-03-06T10:00:05Z",
    });
  });
});
