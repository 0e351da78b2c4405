/**
 * LISTEN on one channel for the life of the process. On PostgreSQL that takes a connection of its own
 * (outside the pool: a pooled client would be handed back and lose its LISTEN), re-established with backoff
 * when it drops; notifications sent while it was down are lost, so `onReconnect` tells the caller to catch
 * up from the table. PGlite is in-process and delivers its own NOTIFYs on commit through `listen()`.
 */
import pg from "pg";
import type { Database } from "@/db";
import { createComponentLog, describeError, type LineLog } from "@/server/lib/component-log";

export interface ChannelListenerOptions {
  channel: string;
  onNotify(payload: string): void;
  /** Called after the connection came back (not on the first connect): anything may have been missed. */
  onReconnect(): void;
  /** A plain-line sink instead of the process logger (tests). */
  log?: LineLog;
  /** Shown in pg_stat_activity, so an operator can tell the live-feed connection apart. */
  applicationName?: string;
  /** Reconnect delays: first, doubling up to max (ms). */
  retry?: { firstMs: number; maxMs: number };
  /** How often the idle connection is checked with a query (ms); a dead peer is otherwise noticed late. */
  healthCheckMs?: number;
}

export interface ChannelListener {
  /** Resolves once LISTEN is in effect (again, after a drop). */
  ready(): Promise<void>;
  readonly isListening: boolean;
  readonly reconnects: number;
  close(): Promise<void>;
}

// Our choices: retry quickly once, then back off so a database restart is not hammered.
const DEFAULT_RETRY = { firstMs: 250, maxMs: 10_000 };
const DEFAULT_HEALTH_CHECK_MS = 30_000;
const QUERY_TIMEOUT_MS = 10_000;

export function startChannelListener(raw: Database["raw"], options: ChannelListenerOptions): ChannelListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error(`not a plain channel name: ${options.channel}`);
  return raw.kind === "pglite" ? listenPglite(raw.client, options) : listenPostgres(raw.pool, options);
}

function listenPglite(client: Extract<Database["raw"], { kind: "pglite" }>["client"], options: ChannelListenerOptions): ChannelListener {
  let isListening = false;
  const started = client.listen(options.channel, (payload) => options.onNotify(payload)).then((unlisten) => {
    isListening = true;
    return unlisten;
  });
  return {
    ready: () => started.then(() => undefined),
    get isListening() {
      return isListening;
    },
    reconnects: 0,
    async close() {
      const unlisten = await started.catch(() => null);
      isListening = false;
      await unlisten?.().catch(() => undefined);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

function createGate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

function listenPostgres(pool: pg.Pool, options: ChannelListenerOptions): ChannelListener {
  const log = createComponentLog("live", options.log);
  const retry = options.retry ?? DEFAULT_RETRY;
  let client: pg.Client | null = null;
  let isClosed = false;
  let hasConnected = false;
  let reconnects = 0;
  let gate = createGate();
  let healthTimer: NodeJS.Timeout | null = null;

  const drop = (dropped: pg.Client, why: string) => {
    if (client !== dropped) return;
    client = null;
    gate = createGate();
    dropped.end().catch(() => undefined);
    if (isClosed) return;
    log.warn(`listener connection lost (${why}); reconnecting in ${retry.firstMs} ms`, { channel: options.channel });
    // A server that just dropped us is often restarting: the first try waits too.
    void connect(retry.firstMs);
  };

  async function connect(delayMs = 0) {
    if (delayMs > 0) await sleep(delayMs);
    for (let attempt = 0; !isClosed; attempt++) {
      const next = new pg.Client({ ...pool.options, application_name: options.applicationName ?? "seatwatch-live", keepAlive: true, query_timeout: QUERY_TIMEOUT_MS });
      next.on("error", (error) => drop(next, error.message));
      next.on("end", () => drop(next, "connection ended"));
      next.on("notification", (message) => {
        if (message.channel === options.channel) options.onNotify(message.payload ?? "");
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${options.channel}`);
      } catch (error) {
        next.end().catch(() => undefined);
        const waitMs = Math.min(retry.maxMs, retry.firstMs * 2 ** attempt);
        log.warn(`cannot listen on ${options.channel} (${describeError(error)}); retrying in ${waitMs} ms`, { channel: options.channel, attempt });
        await sleep(waitMs);
        continue;
      }
      if (isClosed) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      gate.open();
      if (hasConnected) {
        reconnects++;
        options.onReconnect();
      }
      hasConnected = true;
      return;
    }
  }

  const checkHealth = () => {
    const current = client;
    current?.query("SELECT 1").catch((error: unknown) => drop(current, `health check failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  healthTimer = setInterval(checkHealth, options.healthCheckMs ?? DEFAULT_HEALTH_CHECK_MS);
  healthTimer.unref();
  void connect();

  return {
    ready: () => gate.promise,
    get isListening() {
      return client !== null;
    },
    get reconnects() {
      return reconnects;
    },
    async close() {
      isClosed = true;
      if (healthTimer) clearInterval(healthTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
