import { describe, expect, it } from "vitest";
import { createOffsetClock, PacerRegistry } from "@/server/providers/http";
import { SeatGeekClient } from "@/server/providers/seatgeek/client";
import { createSeatGeekProvider, type SeatGeekProviderOptions } from "@/server/providers/seatgeek/provider";
import { ProviderError, type CallRecord } from "@/server/providers/types";
import { useSeatGeekFake } from "@/test/support/seatgeek-fake";

const now = "2026-03-01T12:00:00Z";
const clientId = "sg-client-0123456789";
const fake = useSeatGeekFake({ now, key: clientId });

function createProvider(overrides: Partial<SeatGeekProviderOptions> = {}) {
  const provider = createSeatGeekProvider({
    clientId,
    baseUrl: `${fake().url}/2`,
    minGapMs: 0,
    pacers: new PacerRegistry(),
    backoff: { baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  });
  if (!provider) throw new Error("expected a provider");
  return provider;
}

async function captureError(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error("expected a ProviderError");
}

describe("SeatGeek provider against the fake", () => {
  it("exists only with a client id and declares what SeatGeek cannot answer", () => {
    expect(createSeatGeekProvider({ clientId: "" })).toBeNull();
    expect(createSeatGeekProvider({ clientId: null })).toBeNull();
    expect(createProvider().capabilities).toEqual({ status: false, priceRange: false, sections: false, quantities: false, availability: false, presales: false });
  });

  it("searches across pages within the per_page limit and normalizes events", async () => {
    const provider = createProvider({ perPage: 5 });
    const page = await provider.searchEvents({ classificationName: "nba" });
    expect(page.isTruncated).toBe(false);
    expect(page.events).toHaveLength(page.total);
    expect(page.total).toBeGreaterThan(10);
    const perPages = fake().calls().map((call) => call.query.per_page);
    expect(perPages.every((value) => value?.[0] === "5")).toBe(true);
    const [first] = page.events;
    expect(first).toMatchObject({ provider: "seatgeek", priceRange: null, sectionOffers: null, availability: null });
    expect(first?.id).toMatch(/^\d+$/);
    expect(first?.start.dateTime).toMatch(/Z$/);
  });

  it("clamps the page size to the client's per_page limit", async () => {
    const provider = createProvider({ perPage: 500, perPageLimit: 20 });
    await provider.searchEvents({});
    expect(fake().calls().every((call) => call.query.per_page?.[0] === "20")).toBe(true);
  });

  it("stops at the paging depth and reports the result as truncated", async () => {
    const provider = createProvider({ perPage: 10, maxOffset: 20 });
    const page = await provider.searchEvents({});
    expect(page.isTruncated).toBe(true);
    expect(page.events).toHaveLength(20);
    expect(fake().calls().map((call) => call.query.page?.[0])).toEqual(["1", "2"]);
    const client = new SeatGeekClient({ clientId, baseUrl: `${fake().url}/2`, minGapMs: 0, pacers: new PacerRegistry(), maxOffset: 20 });
    expect((await captureError(client.listEvents({ per_page: 10, page: 3 }))).kind).toBe("bad-request");
  });

  it("notices SeatGeek's deep-paging empty page and marks the search truncated", async () => {
    fake().setModes({ isDeepPagingCapped: true, deepPagingOffset: 20 });
    const page = await createProvider({ perPage: 10 }).searchEvents({});
    expect(page.isTruncated).toBe(true);
    expect(page.events).toHaveLength(20);
  });

  it("spends no more calls than maxCalls", async () => {
    const page = await createProvider({ perPage: 5 }).searchEvents({}, { maxCalls: 2 });
    expect(fake().calls()).toHaveLength(2);
    expect(page.isTruncated).toBe(true);
  });

  it("reads prices best-effort: none while stats are withdrawn, lowest_price once served", async () => {
    const provider = createProvider();
    const [withdrawn] = await provider.getEvents(["6000001"]);
    expect(withdrawn?.priceRange).toBeNull();
    fake().setModes({ isStatsWithdrawn: false });
    const [priced] = await provider.getEvents(["6000001"]);
    expect(priced?.priceRange).toMatchObject({ currency: "USD" });
    expect(priced?.priceRange?.minMinor).toBeGreaterThan(0);
  });

  it("treats a 404 as gone: cancelled events are absent from getEvents", async () => {
    const provider = createProvider();
    expect(await provider.getEvents(["6100008"])).toEqual([]);
    const batch = await provider.getEvents(["6000001", "6100008", "6000002", "not-a-number"]);
    expect(batch.map((event) => event.id).sort()).toEqual(["6000001", "6000002"]);
    expect(fake().calls().at(-1)?.query.id).toEqual(["6000001", "6100008", "6000002"]);
  });

  it("finds performers and venues", async () => {
    const provider = createProvider();
    expect((await provider.searchAttractions("knicks")).map((hit) => hit.name)).toEqual(["New York Knicks"]);
    expect((await provider.searchVenues("garden")).map((hit) => hit.name)).toContain("Madison Square Garden");
  });

  it("sends the client id as HTTP Basic when asked and never in the query", async () => {
    await createProvider({ auth: "basic", clientSecret: "shh-secret-value" }).getEvents(["6000001"]);
    const [call] = fake().calls();
    expect(call?.credential).toBe(clientId);
    expect(call?.status).toBe(200);
  });

  it("paces calls at least minGapMs apart", async () => {
    const provider = createProvider({ minGapMs: 120, perPage: 5 });
    const started = performance.now();
    await provider.searchEvents({}, { maxCalls: 3 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(230);
  });
});

describe("SeatGeek client errors", () => {
  it("maps 403 to invalid-key without leaking the client id", async () => {
    const provider = createProvider({ clientId: "wrong-client-id-xyz" });
    const error = await captureError(provider.searchEvents({}));
    expect(error).toMatchObject({ kind: "invalid-key", status: 403, provider: "seatgeek" });
    expect(error.message).not.toContain("wrong-client-id-xyz");
    expect(fake().calls()).toHaveLength(1);
  });

  it("maps 406 to blocked and refuses further calls locally for a long while", async () => {
    fake().setModes({ throttle: { maxRequests: 1, windowMs: 60_000 } });
    const clock = createOffsetClock();
    const provider = createProvider({ clock });
    await provider.getEvents(["6000001"]);
    const error = await captureError(provider.getEvents(["6000002"]));
    expect(error).toMatchObject({ kind: "blocked", status: 406 });
    expect(error.retryAt!.getTime() - Date.now()).toBeGreaterThan(20 * 60_000);
    const again = await captureError(provider.getEvents(["6000003"]));
    expect(again.kind).toBe("blocked");
    expect(fake().calls()).toHaveLength(2);
    clock.advance(31 * 60_000);
    fake().setModes({ throttle: null });
    expect(await provider.getEvents(["6000003"])).toHaveLength(1);
  });

  it("detects a CAPTCHA page served with 200 or 403 and reports blocked, not a bad key", async () => {
    for (const captcha of [200, 403] as const) {
      fake().setModes({ captcha });
      const error = await captureError(createProvider().searchEvents({}));
      expect(error).toMatchObject({ kind: "blocked", status: captcha });
    }
  });

  it("rejects a 200 with a non-JSON content type as a bad response", async () => {
    fake().injectFailures([{ kind: "html", times: 4 }]);
    const error = await captureError(createProvider().getEvents(["6000001"]));
    expect(error.kind).toBe("bad-response");
  });

  it("retries 5xx and malformed JSON, then succeeds", async () => {
    fake().injectFailures([{ kind: "server-error", status: 502 }, { kind: "malformed-json" }]);
    const records: CallRecord[] = [];
    const provider = createProvider({ observer: { onCall: (record) => void records.push(record) } });
    expect(await provider.getEvents(["6000001"])).toHaveLength(1);
    expect(records.map((record) => [record.status, record.errorKind])).toEqual([
      [502, "unavailable"],
      [200, "bad-response"],
      [200, null],
    ]);
    expect(records.every((record) => !record.endpoint.includes(clientId))).toBe(true);
  });

  it("gives up with unavailable after repeated 5xx", async () => {
    fake().injectFailures([{ kind: "server-error", times: 10 }]);
    const error = await captureError(createProvider({ backoff: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).getEvents(["6000001"]));
    expect(error.kind).toBe("unavailable");
    expect(fake().calls()).toHaveLength(3);
  });

  it("answers per_page above the limit with a local bad-request, and the fake's 400 as bad-request", async () => {
    const client = new SeatGeekClient({ clientId, baseUrl: `${fake().url}/2`, minGapMs: 0, pacers: new PacerRegistry() });
    expect((await captureError(client.listEvents({ per_page: 1001 }))).kind).toBe("bad-request");
    expect(fake().calls()).toHaveLength(0);
    const loose = new SeatGeekClient({ clientId, baseUrl: `${fake().url}/2`, minGapMs: 0, pacers: new PacerRegistry(), perPageLimit: 5000 });
    const error = await captureError(loose.listEvents({ per_page: 1001 }));
    expect(error).toMatchObject({ kind: "bad-request", status: 400 });
    expect(error.message).toContain("page size too large");
  });
});
