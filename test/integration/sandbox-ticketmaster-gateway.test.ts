import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTicketmasterFake, type TicketmasterFake } from "@/server/sandbox/ticketmaster/server";
import { buildFixtureWorld } from "@/server/sandbox/world/fixture-world";

const INVALID_KEY_BODY = '{"fault":{"faultstring":"Invalid ApiKey","detail":{"errorcode":"oauth.v2.InvalidApiKey"}}}';
const RATE_HEADERS = ["rate-limit", "rate-limit-available", "rate-limit-over", "rate-limit-reset"];
const DAY = 86_400_000;

let now = Date.parse("2026-06-01T09:00:00Z");
let fake: TicketmasterFake;

function eventsUrl(query: string): string {
  return `${fake.url}/discovery/v2/events.json?${query}`;
}

/** Moves the injected real clock past the spike-arrest interval so the next call is accepted. */
function pace(ms = 250): void {
  now += ms;
}

beforeAll(async () => {
  fake = await startTicketmasterFake({ key: "good", world: buildFixtureWorld(), now: () => now });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.resetCounters();
  fake.setOptions({ dailyQuota: 5000, spikeArrest: { mode: "smooth", ratePerSecond: 5, burst: 1, windowLimit: 5 } });
  pace(10_000);
});

describe("Discovery fake gateway: auth", () => {
  it("answers a missing apikey with the exact 90-byte 401 body and no rate-limit headers", async () => {
    const response = await fetch(eventsUrl(""));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(INVALID_KEY_BODY);
    expect(response.headers.get("content-length")).toBe("90");
    for (const header of RATE_HEADERS) expect(response.headers.has(header)).toBe(false);
  });

  it("answers an unknown apikey with the same 401 body", async () => {
    const response = await fetch(eventsUrl("apikey=bad"));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(INVALID_KEY_BODY);
  });
});

describe("Discovery fake gateway: quota", () => {
  it("sends all four Rate-Limit headers on a 200, with the reset 24 h after the window's first call", async () => {
    const firstCallAt = now;
    const first = await fetch(eventsUrl("apikey=good"));
    expect(first.status).toBe(200);
    expect(first.headers.get("rate-limit")).toBe("5000");
    expect(first.headers.get("rate-limit-available")).toBe("4999");
    expect(first.headers.get("rate-limit-over")).toBe("0");
    expect(first.headers.get("rate-limit-reset")).toBe(String(firstCallAt + DAY));

    pace(60_000);
    const second = await fetch(eventsUrl("apikey=good"));
    expect(second.headers.get("rate-limit-available")).toBe("4998");
    expect(second.headers.get("rate-limit-reset")).toBe(String(firstCallAt + DAY));
  });

  it("counts 4xx answers against the quota without sending rate-limit headers on them", async () => {
    const bad = await fetch(eventsUrl("apikey=good&size=500"));
    expect(bad.status).toBe(400);
    for (const header of RATE_HEADERS) expect(bad.headers.has(header)).toBe(false);
    pace();
    const missing = await fetch(`${fake.url}/discovery/v2/events/nope?apikey=good`);
    expect(missing.status).toBe(404);
    pace();
    const ok = await fetch(eventsUrl("apikey=good"));
    expect(ok.headers.get("rate-limit-available")).toBe("4997");
  });

  it("refuses calls past the daily quota with a 429 QuotaViolation that echoes the key, and counts them as over", async () => {
    fake.setOptions({ dailyQuota: 2 });
    for (let i = 0; i < 2; i += 1) {
      expect((await fetch(eventsUrl("apikey=good"))).status).toBe(200);
      pace();
    }
    const refused = await fetch(eventsUrl("apikey=good"));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      fault: {
        faultstring: "Rate limit quota violation. Quota limit  exceeded. Identifier : good",
        detail: { errorcode: "policies.ratelimit.QuotaViolation" },
      },
    });
    for (const header of RATE_HEADERS) expect(refused.headers.has(header)).toBe(false);
    pace();
    await fetch(eventsUrl("apikey=good"));
    expect(fake.readQuota("good")).toMatchObject({ limit: 2, used: 2, available: 0, over: 2 });
  });

  it("opens a fresh window once the reset time has passed", async () => {
    fake.setOptions({ dailyQuota: 1 });
    expect((await fetch(eventsUrl("apikey=good"))).status).toBe(200);
    pace();
    expect((await fetch(eventsUrl("apikey=good"))).status).toBe(429);
    now += DAY;
    const renewed = await fetch(eventsUrl("apikey=good"));
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get("rate-limit-over")).toBe("0");
    expect(renewed.headers.get("rate-limit-reset")).toBe(String(now + DAY));
  });
});

describe("Discovery fake gateway: spike arrest", () => {
  it("refuses the second of two calls 50 ms apart with the observed SpikeArrestViolation body", async () => {
    expect((await fetch(eventsUrl("apikey=good"))).status).toBe(200);
    pace(50);
    const refused = await fetch(eventsUrl("apikey=good"));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      fault: {
        faultstring:
          "Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=5, periodInMicroseconds=1000000, maxBurstMessageCount=1.0}",
        detail: { errorcode: "policies.ratelimit.SpikeArrestViolation" },
      },
    });
  });

  it("measures from the previous request even when that one was refused", async () => {
    const statuses: number[] = [];
    for (const gap of [0, 150, 110, 210]) {
      pace(gap);
      statuses.push((await fetch(eventsUrl("apikey=good"))).status);
    }
    expect(statuses).toEqual([200, 429, 429, 200]);
  });

  it("does not count spike-arrested calls against the daily quota", async () => {
    await fetch(eventsUrl("apikey=good"));
    pace(10);
    await fetch(eventsUrl("apikey=good"));
    expect(fake.readQuota("good").used).toBe(1);
  });

  it("in window mode refuses only calls beyond the limit within one second", async () => {
    fake.setOptions({ spikeArrest: { mode: "window", windowLimit: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await fetch(eventsUrl("apikey=good"))).status);
      pace(10);
    }
    pace(1000);
    statuses.push((await fetch(eventsUrl("apikey=good"))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 200]);
  });

  it("refuses a second call 50 ms apart on the real clock too", async () => {
    const realFake = await startTicketmasterFake({ key: "good", world: buildFixtureWorld() });
    try {
      const url = `${realFake.url}/discovery/v2/events.json?apikey=good&size=1`;
      expect((await fetch(url)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await fetch(url)).status).toBe(429);
    } finally {
      await realFake.close();
    }
  });
});

describe("Discovery fake gateway: call log and failure injection", () => {
  it("logs every request with its key, path, query without apikey, status and error code", async () => {
    await fetch(eventsUrl("apikey=good&keyword=Arsenal"));
    pace();
    await fetch(eventsUrl("apikey=bad"));
    const calls = fake.listCalls();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ key: "good", path: "/discovery/v2/events.json", query: { keyword: "Arsenal" }, status: 200, errorCode: null });
    expect(calls[1]).toMatchObject({ key: "bad", status: 401, errorCode: "oauth.v2.InvalidApiKey" });
  });

  it("fails the next N requests with the injected status, then recovers", async () => {
    fake.injectFailure({ kind: "status", status: 503, count: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await fetch(eventsUrl("apikey=good"))).status);
      pace();
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(fake.listCalls().map((call) => call.errorCode)).toEqual(["injected-503", "injected-503", null]);
  });

  it("can answer with an HTML page or malformed JSON instead of the API's JSON", async () => {
    fake.injectFailure({ kind: "html", status: 200 });
    fake.injectFailure({ kind: "malformed-json" });
    const html = await fetch(eventsUrl("apikey=good"));
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(await html.text()).toContain("<html>");
    pace();
    const broken = await fetch(eventsUrl("apikey=good"));
    expect(broken.headers.get("content-type")).toContain("application/json");
    await expect(broken.json()).rejects.toThrow();
  });

  it("can hang a request until the client gives up", async () => {
    fake.injectFailure({ kind: "hang" });
    await expect(fetch(eventsUrl("apikey=good"), { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    pace();
    expect((await fetch(eventsUrl("apikey=good"))).status).toBe(200);
  });

  it("can drop a hung connection after a delay", async () => {
    fake.injectFailure({ kind: "hang", ms: 50 });
    await expect(fetch(eventsUrl("apikey=good"))).rejects.toThrow();
  });
});
