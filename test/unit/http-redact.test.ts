import { describe, expect, it } from "vitest";
import { labelApiKey } from "@/server/providers/http/key-label";
import { describeEndpoint, redactSecrets } from "@/server/providers/http/redact";

describe("redactSecrets", () => {
  it("removes apikey, client_id and client_secret values from URLs", () => {
    const text =
      "GET https://app.ticketmaster.com/discovery/v2/events.json?apikey=SECRETKEY123&size=199 and " +
      "https://api.seatgeek.com/2/events?client_id=CID999&client_secret=CSECRET&q=x";
    const out = redactSecrets(text);
    expect(out).not.toMatch(/SECRETKEY123|CID999|CSECRET/);
    expect(out).toContain("apikey=[redacted]&size=199");
    expect(out).toContain("client_id=[redacted]&client_secret=[redacted]&q=x");
  });

  it("removes a known key echoed in a quota body", () => {
    const body =
      '{"fault":{"faultstring":"Rate limit quota violation. Quota limit  exceeded. Identifier : AbCdEf0123456789","detail":{"errorcode":"policies.ratelimit.QuotaViolation"}}}';
    const out = redactSecrets(body, ["AbCdEf0123456789"]);
    expect(out).not.toContain("AbCdEf0123456789");
    expect(out).toContain("Identifier : [redacted]");
  });

  it("removes JSON fields and URL credentials", () => {
    expect(redactSecrets('{"apikey":"K123456","x":1}')).toBe('{"apikey":"[redacted]","x":1}');
    expect(redactSecrets("https://user:pass@example.com/x")).toBe("https://[redacted]@example.com/x");
  });

  it("leaves text without secrets unchanged", () => {
    expect(redactSecrets("GET /discovery/v2/events.json?size=199&page=0")).toBe("GET /discovery/v2/events.json?size=199&page=0");
  });
});

describe("describeEndpoint", () => {
  it("keeps path and query but drops the key entirely", () => {
    expect(describeEndpoint("https://x.test/discovery/v2/events.json?apikey=abc&size=199&sort=id%2Casc")).toBe(
      "/discovery/v2/events.json?size=199&sort=id%2Casc",
    );
    expect(describeEndpoint("https://x.test/a?apikey=abc")).toBe("/a");
  });
});

describe("labelApiKey", () => {
  it("gives a stable non-secret label", () => {
    const label = labelApiKey("tm", "my-secret-key");
    expect(label).toMatch(/^tm:[0-9a-f]{8}$/);
    expect(label).toBe(labelApiKey("tm", "my-secret-key"));
    expect(label).not.toContain("secret");
  });
});
