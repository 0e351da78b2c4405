/**
 * One fan's live alert stream. It subscribes to the hub first, waits until the listener is up, then reads
 * its starting point, so an alert committed at any moment is either in that first read or wakes it later.
 * Every wake re-reads a short window of the fan's alerts and yields the ones this stream has not sent.
 */
import { z } from "zod";
import type { Db } from "@/db";
import { findLiveAlertTime, listLiveAlertWindow, type LiveAlertRow } from "@/db/queries/live";
import { ServiceError } from "../errors";
import type { LiveAlertHub } from "./hub";

/** Open streams per fan and process: tabs and devices, with room; more is a runaway client (our choice). */
export const MAX_STREAMS_PER_FAN = 20;

/**
 * How far behind the newest alert each read looks. `created_at` is when the inserting transaction began, and
 * the poll and baseline transactions that insert alerts commit within seconds; two minutes is ample (our
 * choice). A row committed later than that after its own timestamp would be missed live (the inbox has it).
 */
export const LIVE_LOOKBACK_MS = 2 * 60_000;
/** Rows per read; a larger burst is read in several pages. */
const PAGE_SIZE = 200;
/** A client back after a long sleep gets at most this much catching up live; the inbox has the rest (our choice). */
export const LIVE_RESUME_MAX_MS = 60 * 60_000;
/** Extra margin when forgetting sent ids: Date keeps milliseconds, the database microseconds. */
const FORGET_MARGIN_MS = 1_000;

export const liveAlertsInput = z
  .object({
    /** The last alert id this client received (the SSE Last-Event-ID); the stream resumes after it. */
    lastEventId: z.uuid("lastEventId must be an alert id").nullish(),
  })
  .nullish();

export type LiveAlertsInput = z.output<typeof liveAlertsInput>;

export interface LiveAlert {
  id: string;
  watchId: string;
  kind: string;
  title: string;
  body: string;
  /** The official event page. */
  url: string | null;
  /** The alert in the inbox (same origin). */
  alertPath: string;
  createdAt: Date;
}

function toLiveAlert(row: LiveAlertRow): LiveAlert {
  return { id: row.id, watchId: row.watchId, kind: row.kind, title: row.title, body: row.body, url: row.url, alertPath: `/alerts?alert=${encodeURIComponent(row.id)}`, createdAt: row.createdAt };
}

/** A level-triggered wake-up: wakes while nobody waits are kept as one. */
function createWakeSignal() {
  let isPending = false;
  let release: (() => void) | null = null;
  return {
    wake() {
      isPending = true;
      release?.();
    },
    async wait(signal: AbortSignal) {
      if (!isPending && !signal.aborted) {
        await new Promise<void>((resolve) => {
          const done = () => {
            signal.removeEventListener("abort", done);
            release = null;
            resolve();
          };
          release = done;
          signal.addEventListener("abort", done, { once: true });
        });
      }
      isPending = false;
    },
  };
}

export interface LiveStreamDeps {
  db: Db;
  hub: LiveAlertHub;
}

/**
 * Yields the fan's alerts as they are committed, until `signal` aborts. With `lastEventId` it first repeats
 * what may have been missed since that alert (the client drops ids it already has); without, it starts now.
 */
export async function* streamLiveAlerts(deps: LiveStreamDeps, userId: string, input: { lastEventId?: string | null; signal: AbortSignal; onStarted?: () => void }): AsyncGenerator<LiveAlert> {
  // Checked here, not in the hub: the hub lives on the app context, built in another bundle, whose error
  // classes the API layer would not recognise.
  if (deps.hub.countStreams(userId) >= MAX_STREAMS_PER_FAN) throw new ServiceError("TOO_MANY_REQUESTS", `At most ${MAX_STREAMS_PER_FAN} live connections per account; close some tabs`);
  const wakeup = createWakeSignal();
  const unsubscribe = deps.hub.subscribe(userId, () => wakeup.wake());
  try {
    await deps.hub.ready();
    const resumedFrom = input.lastEventId ? await findLiveAlertTime(deps.db, { userId, id: input.lastEventId }) : null;
    /** Ids sent (or already known to the client) with their creation time, forgotten once out of the window. */
    const sent = new Map<string, number>();
    let since: Date | null = resumedFrom && new Date(Math.max(resumedFrom.getTime(), Date.now() - LIVE_RESUME_MAX_MS));
    if (resumedFrom) sent.set(input.lastEventId!, resumedFrom.getTime());
    const read = async () => {
      const rows: LiveAlertRow[] = [];
      for (let after: LiveAlertRow | undefined; ; ) {
        const page = await listLiveAlertWindow(deps.db, { userId, since, lookbackMs: LIVE_LOOKBACK_MS, after, limit: PAGE_SIZE });
        rows.push(...page);
        if (page.length < PAGE_SIZE) return rows;
        after = page.at(-1);
      }
    };
    const remember = (rows: LiveAlertRow[]) => {
      for (const row of rows) {
        sent.set(row.id, row.createdAt.getTime());
        if (!since || row.createdAt > since) since = row.createdAt;
      }
      if (since) {
        const horizon = since.getTime() - LIVE_LOOKBACK_MS - FORGET_MARGIN_MS;
        for (const [id, at] of sent) if (at < horizon) sent.delete(id);
      }
    };
    // A fresh stream starts now: what the window already holds is on the page that opened it.
    if (!resumedFrom) remember(await read());
    else wakeup.wake();
    // From here on every committed alert reaches this stream (observability and tests).
    input.onStarted?.();
    while (!input.signal.aborted) {
      await wakeup.wait(input.signal);
      if (input.signal.aborted) return;
      const fresh = (await read()).filter((row) => !sent.has(row.id));
      remember(fresh);
      for (const row of fresh) yield toLiveAlert(row);
    }
  } finally {
    unsubscribe();
  }
}
