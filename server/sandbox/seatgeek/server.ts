/**
 * A faithful stand-in for SeatGeek's Platform API `/2` (providers.md §3 and §7 "SeatGeek fake"): a real
 * HTTP server with SeatGeek's auth, envelope, paging limits, filters, withdrawn stats, vanishing
 * cancelled events and abuse responses, driven by a scripted world on a settable clock.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { captchaHtml, createFakeClock, createFakeState, sendInjectedFailure, sendJson, sendText, serveFake, type FakeControls } from "../fake-kit";
import { defaultModes, defaultPerPage, invalidClientBody, missingClientBody, notFoundBody, type SeatGeekFakeModes } from "./modes";
import { renderEvent, renderPerformer, renderVenue, type RenderContext } from "./render";
import { selectEvents, selectPerformers, selectVenues, readGeoFilter } from "./query";
import { createDefaultSeatGeekWorld } from "./seed";
import { resolveWorldAt, type SgWorld } from "./world";

export type { SeatGeekFakeModes } from "./modes";

export interface SeatGeekFakeOptions {
  port?: number;
  host?: string;
  /** An accepted `client_id`. With neither `key` nor `keys`, any non-empty client id is accepted. */
  key?: string;
  keys?: string[];
  /** Defaults to `createDefaultSeatGeekWorld(clock start)`. */
  world?: SgWorld;
  /** Freeze the clock at this instant (it then moves only through the control API). */
  now?: Date | string;
  modes?: Partial<SeatGeekFakeModes>;
}

export interface SeatGeekFake extends FakeControls<SgWorld, SeatGeekFakeModes> {
  url: string;
  close(): Promise<void>;
  /** The world as it stands at the fake's current time. */
  currentWorld(): SgWorld;
}

function readCredential(req: IncomingMessage, params: URLSearchParams): string | null {
  const fromQuery = params.get("client_id");
  if (fromQuery) return fromQuery;
  const header = req.headers.authorization;
  if (header?.startsWith("Basic ")) {
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    const id = decoded.split(":")[0];
    return id ? id : null;
  }
  return null;
}

export async function startSeatGeekFake(opts: SeatGeekFakeOptions = {}): Promise<SeatGeekFake> {
  const clock = createFakeClock(opts.now);
  const acceptedKeys = new Set([...(opts.key ? [opts.key] : []), ...(opts.keys ?? [])]);
  const recentByClient = new Map<string, number[]>();
  const fake = createFakeState({
    clock,
    world: opts.world ?? createDefaultSeatGeekWorld(clock.now()),
    modes: { ...defaultModes, ...opts.modes },
    normalizeWorld: (next: SgWorld) => ({ ...next, timeline: next.timeline ?? [] }),
    onReset: () => recentByClient.clear(),
  });

  function isThrottled(client: string): boolean {
    const { modes } = fake;
    if (!modes.throttle) return false;
    const nowMs = performance.now();
    const recent = (recentByClient.get(client) ?? []).filter((at) => nowMs - at < modes.throttle!.windowMs);
    recent.push(nowMs);
    recentByClient.set(client, recent);
    return recent.length > modes.throttle.maxRequests;
  }

  function buildContext(current: SgWorld): RenderContext {
    const upcoming = selectEvents(current, new URLSearchParams(), clock.now());
    const upcomingByVenue = new Map<number, number>();
    const upcomingByPerformer = new Map<number, number>();
    for (const view of upcoming) {
      upcomingByVenue.set(view.event.venueId, (upcomingByVenue.get(view.event.venueId) ?? 0) + 1);
      for (const id of view.event.performerIds) upcomingByPerformer.set(id, (upcomingByPerformer.get(id) ?? 0) + 1);
    }
    return {
      world: current,
      venues: new Map(current.venues.map((venue) => [venue.id, venue])),
      performers: new Map(current.performers.map((performer) => [performer.id, performer])),
      upcomingByVenue,
      upcomingByPerformer,
      options: { isStatsWithdrawn: fake.modes.isStatsWithdrawn, withdrawnStatsShape: fake.modes.withdrawnStatsShape },
    };
  }

  function sendPage(res: ServerResponse, params: URLSearchParams, key: string, items: unknown[], extra: Record<string, unknown>): number {
    const perPageRaw = Number(params.get("per_page") ?? defaultPerPage);
    const perPage = Number.isInteger(perPageRaw) && perPageRaw > 0 ? perPageRaw : defaultPerPage;
    const { modes } = fake;
    if (perPage > modes.perPageLimit) {
      // Exact text from providers.md 3.2 [SG-#12], with the configured maximum.
      sendJson(res, 400, { status: 400, message: `page size too large. maximum ${modes.perPageLimit}`, meta: { status: 400 } });
      return 400;
    }
    const pageRaw = Number(params.get("page") ?? 1);
    const page = Number.isInteger(pageRaw) && pageRaw > 0 ? pageRaw : 1;
    const offset = (page - 1) * perPage;
    const isCapped = modes.isDeepPagingCapped && offset >= modes.deepPagingOffset;
    const geo = readGeoFilter(params);
    const meta = {
      total: isCapped ? 0 : items.length,
      took: 3,
      page,
      per_page: perPage,
      geolocation: geo ? { lat: geo.lat, lon: geo.lon, city: null, state: null, country: null, postal_code: null, display_name: null, metro_code: null, range: geo.range } : null,
    };
    sendJson(res, 200, { meta, ...extra, [key]: isCapped ? [] : items.slice(offset, offset + perPage) });
    return 200;
  }

  function route(res: ServerResponse, path: string, params: URLSearchParams): number {
    const current = resolveWorldAt(fake.world, clock.now());
    const context = buildContext(current);
    const detail = /^\/2\/(events|performers|venues)\/([^/]+)\/?$/.exec(path);
    if (detail) {
      const [, kind, rawId] = detail;
      const id = Number(rawId);
      let body: unknown = null;
      if (kind === "events") {
        const view = selectEvents(current, new URLSearchParams({ id: String(id) }), clock.now())[0];
        body = view ? renderEvent(view.event, context) : null;
      } else if (kind === "performers") {
        const performer = current.performers.find((candidate) => candidate.id === id);
        body = performer ? renderPerformer(current, performer, context.upcomingByPerformer.get(id) ?? 0, null) : null;
      } else {
        const venue = current.venues.find((candidate) => candidate.id === id);
        body = venue ? renderVenue(venue, context.upcomingByVenue.get(id) ?? 0) : null;
      }
      if (body === null) {
        sendJson(res, 404, notFoundBody);
        return 404;
      }
      sendJson(res, 200, body);
      return 200;
    }
    switch (path.replace(/\/$/, "")) {
      case "/2/events": {
        const events = selectEvents(current, params, clock.now()).map((view) => renderEvent(view.event, context));
        return sendPage(res, params, "events", events, { in_hand: {} });
      }
      case "/2/performers": {
        const performers = selectPerformers(current, params).map((performer) => renderPerformer(current, performer, context.upcomingByPerformer.get(performer.id) ?? 0, null));
        return sendPage(res, params, "performers", performers, {});
      }
      case "/2/venues": {
        const venues = selectVenues(current, params).map((venue) => renderVenue(venue, context.upcomingByVenue.get(venue.id) ?? 0));
        return sendPage(res, params, "venues", venues, {});
      }
      default:
        sendJson(res, 404, notFoundBody);
        return 404;
    }
  }

  function respond(req: IncomingMessage, res: ServerResponse, path: string, params: URLSearchParams, credential: string | null): number {
    const injection = fake.failures.take(path);
    const { modes } = fake;
    if (injection) return sendInjectedFailure(res, injection);
    // The bot wall and the throttle sit in front of the API, so they answer before auth is checked.
    if (modes.captcha !== "off") {
      sendText(res, modes.captcha, "text/html; charset=utf-8", captchaHtml);
      return modes.captcha;
    }
    if (isThrottled(credential ?? "anonymous")) {
      // ASSUMPTION: the 406 body is undocumented (providers.md 3.4 [SG-#161]); plain text here.
      sendText(res, 406, "text/plain; charset=utf-8", "Not Acceptable");
      return 406;
    }
    if (!credential) {
      sendJson(res, 403, missingClientBody);
      return 403;
    }
    if (acceptedKeys.size > 0 && !acceptedKeys.has(credential)) {
      sendJson(res, 403, invalidClientBody);
      return 403;
    }
    if (req.method !== "GET") {
      sendJson(res, 405, { status: 405, message: "Method Not Allowed", meta: { status: 405 } });
      return 405;
    }
    return route(res, path, params);
  }

  const served = await serveFake(fake, { readCredential, respond, secretParams: ["client_id", "client_secret"], port: opts.port, host: opts.host });
  return {
    ...served,
    currentWorld: () => resolveWorldAt(fake.world, clock.now()),
  };
}
