/**
 * The control API under `/__control/…`: no apikey, JSON in and out, each route mirroring an in-process
 * method of the fake's handle, so out-of-process users (the CLI fake, e2e tests) can script it too.
 *
 *   GET  /__control/health                                  → {ok}
 *   GET  /__control/clock                                   → ClockInfo
 *   POST /__control/clock/advance  {ms}                     → ClockInfo (world ms; real clock moves ms/speed)
 *   POST /__control/clock/set      {elapsedMs|worldTime, speed?} or {speed}  → ClockInfo
 *   GET  /__control/world                                   → WorldSummary
 *   POST /__control/world          World                    → WorldSummary (replaces the world)
 *   GET  /__control/calls                                   → {calls: CallLogEntry[]}
 *   DELETE /__control/calls                                 → clears the call log
 *   GET  /__control/quota                                   → {keys: {<key>: QuotaSnapshot}}
 *   POST /__control/reset                                   → clears quota, spike history, calls, failures
 *   GET  /__control/options, POST /__control/options {…partial TunableOptions}
 *   GET  /__control/failures, POST /__control/failures FailureSpec, DELETE /__control/failures
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { BodyError, readJsonBody, sendJson } from "../http-util";
import type { FakeCore } from "./fake-core";
import type { FailureSpec } from "./failures";
import type { OptionsPatch } from "./options";

const advanceInput = z.object({ ms: z.number().nonnegative() });

const setClockInput = z.union([
  z.object({ elapsedMs: z.number(), speed: z.number().positive().optional() }),
  z.object({ worldTime: z.union([z.string(), z.number()]), speed: z.number().positive().optional() }),
  z.object({ speed: z.number().positive() }),
]);

const optionsInput = z.object({
  keys: z.array(z.string().min(1)).optional(),
  dailyQuota: z.number().int().nonnegative().optional(),
  quotaWindowMs: z.number().positive().optional(),
  spikeArrest: z
    .object({
      mode: z.enum(["smooth", "window", "off"]).optional(),
      ratePerSecond: z.number().positive().optional(),
      burst: z.number().positive().optional(),
      windowLimit: z.number().int().positive().optional(),
    })
    .optional(),
  deepPaging: z.enum(["observed", "strict"]).optional(),
  maxPageSize: z.number().int().positive().optional(),
  maxTotalElements: z.number().int().positive().optional(),
  resultsWindowOffset: z.number().int().positive().optional(),
  feedRefreshMs: z.number().positive().optional(),
  isTieOrderUnstable: z.boolean().optional(),
  latencyMs: z.number().nonnegative().optional(),
});

const failureInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("status"), status: z.number().int().min(400).max(599), count: z.number().int().positive().optional() }),
  z.object({ kind: z.literal("hang"), ms: z.number().nonnegative().optional(), count: z.number().int().positive().optional() }),
  z.object({ kind: z.literal("html"), status: z.number().int().min(200).max(599).optional(), count: z.number().int().positive().optional() }),
  z.object({ kind: z.literal("malformed-json"), count: z.number().int().positive().optional() }),
]);

async function readInput<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const result = schema.safeParse(await readJsonBody(req));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BodyError(`${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

type Handler = (core: FakeCore, req: IncomingMessage) => Promise<unknown> | unknown;

const ROUTES: Record<string, Handler> = {
  "GET /__control/health": () => ({ ok: true }),
  "GET /__control/clock": (core) => core.readClock(),
  "POST /__control/clock/advance": async (core, req) => core.advanceClock((await readInput(req, advanceInput)).ms),
  "POST /__control/clock/set": async (core, req) => core.setClock(await readInput(req, setClockInput)),
  "GET /__control/world": (core) => core.summarizeWorld(),
  "POST /__control/world": async (core, req) => core.loadWorld(await readJsonBody(req)),
  "GET /__control/calls": (core) => ({ calls: core.listCalls() }),
  "DELETE /__control/calls": (core) => {
    core.clearCalls();
    return { ok: true };
  },
  "GET /__control/quota": (core) => ({ keys: core.listQuotas() }),
  "POST /__control/reset": (core) => {
    core.resetCounters();
    return { ok: true };
  },
  "GET /__control/options": (core) => core.readOptions(),
  "POST /__control/options": async (core, req) => core.setOptions((await readInput(req, optionsInput)) as OptionsPatch),
  "GET /__control/failures": (core) => ({ pending: core.failures.list() }),
  "POST /__control/failures": async (core, req) => {
    core.injectFailure((await readInput(req, failureInput)) as FailureSpec);
    return { pending: core.failures.list() };
  },
  "DELETE /__control/failures": (core) => {
    core.failures.clear();
    return { ok: true };
  },
};

export async function handleControl(core: FakeCore, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const handler = ROUTES[`${req.method ?? "GET"} ${path.replace(/\/+$/, "")}`];
  if (!handler) {
    sendJson(res, 404, { error: `no control route ${req.method} ${path}`, routes: Object.keys(ROUTES) });
    return;
  }
  try {
    sendJson(res, 200, await handler(core, req));
  } catch (error) {
    const isInputError = error instanceof BodyError || error instanceof RangeError || (error instanceof Error && error.message.startsWith("invalid world"));
    sendJson(res, isInputError ? 400 : 500, { error: error instanceof Error ? error.message : String(error) });
  }
}
