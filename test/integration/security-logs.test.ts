import { describe, expect, it } from "vitest";
import { createLogger, maskPhone, redactValue, scrubText } from "@/server/lib/log";

/** A logger whose lines we can read back. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, text: () => lines.join("") };
}

const SECRETS = {
  password: "Hunter2-correct-horse",
  apiToken: "sw_Q2hlY2tpbmdUaGF0VG9rZW5zTmV2ZXJMZWFrSW50b0xvZ3M",
  sessionCookie: "seatwatch.session_token=s3ss10n-c00k1e-value",
  bearer: "eyJhbGciOiJIUzI1NiJ9.payload.signature",
  resetToken: "R3s3tT0k3nInThePath0123",
  verifyToken: "v3r1fyT0k3nInTheQuery",
  vendorKey: "tm-live-key-7d1f0c2a",
  code: "482913",
  phoneDigits: "7700900123",
};

describe("log redaction", () => {
  it("writes a request's log line without its password, tokens, cookies, API keys or full phone number", () => {
    const { logger, lines, text } = capturedLogger();
    const requestLog = logger.child({ requestId: "req-0123456789" });
    requestLog.info(
      {
        method: "POST",
        url: `https://app.example/api/auth/reset-password/${SECRETS.resetToken}?callbackURL=%2Fsettings&token=${SECRETS.verifyToken}`,
        headers: new Headers({ authorization: `Bearer ${SECRETS.bearer}`, cookie: SECRETS.sessionCookie, "x-api-key": SECRETS.vendorKey, "user-agent": "Mozilla/5.0" }),
        body: { email: "fan@example.test", password: SECRETS.password, newPassword: SECRETS.password, phone: `+44 ${SECRETS.phoneDigits}`, consent: true },
        input: { code: SECRETS.code, disclosureVersion: "2026-01" },
        upstream: { apikey: SECRETS.vendorKey, endpoint: `https://api.example/discovery?apikey=${SECRETS.vendorKey}&size=20` },
      },
      "sign-in attempt",
    );
    requestLog.warn(`texting a code to +44${SECRETS.phoneDigits} for token ${SECRETS.apiToken}`);
    requestLog.info({ query: `?input=${encodeURIComponent(JSON.stringify({ json: { phone: `+44${SECRETS.phoneDigits}`, newPassword: SECRETS.password, code: SECRETS.code } }))}` }, "api request");
    requestLog.info({ query: `?input={"json":{"currentPassword":"${SECRETS.password}","code":"${SECRETS.code}","status":"NOT_FOUND"}}` }, "api request");
    requestLog.error({ err: new Error(`upstream said: Authorization: Bearer ${SECRETS.bearer} for +1 (555) 010-0000`) }, "send failed");

    const output = text();
    for (const [name, secret] of Object.entries(SECRETS)) expect(output, name).not.toContain(secret);
    expect(output).not.toContain("5550100000");
    expect(output).not.toContain("(555) 010-0000");

    const [first, second, , decoded, third] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(decoded!.query).toBe('?input={"json":{"currentPassword":"[redacted]","code":"[redacted]","status":"NOT_FOUND"}}');
    expect(first).toMatchObject({ level: "info", requestId: "req-0123456789", msg: "sign-in attempt", method: "POST" });
    expect(first!.body).toMatchObject({ email: "fan@example.test", password: "[redacted]", phone: "•••0123", consent: true });
    expect(first!.input).toMatchObject({ code: "[redacted]", disclosureVersion: "2026-01" });
    expect((first!.headers as Record<string, string>)["user-agent"]).toBe("Mozilla/5.0");
    expect(first!.url).toBe("https://app.example/api/auth/reset-password/[redacted]?callbackURL=/settings&token=[redacted]");
    expect(second).toMatchObject({ level: "warn", requestId: "req-0123456789" });
    expect(second!.msg).toContain("•••0123");
    expect(third!.err).toMatchObject({ type: "Error" });
    expect(String((third!.err as { message: string }).message)).toContain("Bearer [redacted]");
  });

  it("hides the calendar feed's secret address in a request's path, as it does a reset token's", () => {
    const { logger, lines, text } = capturedLogger();
    const feedToken = "Zq3mM8c0feedTokenValue0123456789abcdefghij_-";
    logger.info({ requestId: "req-cal", method: "GET", path: `/api/calendar/${feedToken}`, query: undefined }, "api request");
    logger.info(`subscribe to https://app.example/api/calendar/${feedToken}.ics in your calendar app`);
    expect(text()).not.toContain(feedToken);
    expect(text()).not.toContain(feedToken.slice(0, 20));
    const [line] = lines.map((entry) => JSON.parse(entry) as Record<string, unknown>);
    expect(line).toMatchObject({ requestId: "req-cal", path: "/api/calendar/[redacted]" });
  });

  it("keeps ordinary values readable: ids, dates, error codes, counts and emails", () => {
    const value = redactValue({ watchId: "5b0e4b1c-3c1e-4bb3-9a53-3f6c1f0f4d21", from: "2026-05-01", to: "2026-05-31", code: "NOT_FOUND", count: 12, keyLabel: "tm:abcd…", email: "fan@example.test", at: new Date("2026-01-02T03:04:05Z") });
    expect(value).toEqual({ watchId: "5b0e4b1c-3c1e-4bb3-9a53-3f6c1f0f4d21", from: "2026-05-01", to: "2026-05-31", code: "NOT_FOUND", count: 12, keyLabel: "tm:abcd…", email: "fan@example.test", at: "2026-01-02T03:04:05.000Z" });
  });

  it("masks phone numbers to their last digits in every format", () => {
    expect(maskPhone("+447700900123")).toBe("•••0123");
    expect(maskPhone("+1 (555) 010-0000")).toBe("•••0000");
    expect(maskPhone("+3531234")).toBe("•••34");
    expect(scrubText("call +44 7700 900123 or +1-555-010-0000 now")).toBe("call •••0123 or •••0000 now");
    expect(redactValue({ e164: "+447700900123", to: "+447700900123", from: "+15550100000" })).toEqual({ e164: "•••0123", to: "•••0123", from: "•••0000" });
  });

  it("survives cycles and deep nesting", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(redactValue(cyclic)).toEqual({ name: "loop", self: "[circular]" });
    let deep: Record<string, unknown> = { password: "deep-secret" };
    for (let i = 0; i < 20; i += 1) deep = { next: deep };
    expect(JSON.stringify(redactValue(deep))).not.toContain("deep-secret");
  });
});
