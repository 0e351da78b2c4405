/**
 * SMS, push and webhook units: one vendor call each, behind a sent-marker. An SMS found marked but
 * unrecorded is reconciled against Twilio's message list before anything is sent again (Twilio has no
 * idempotency key). Push and webhook calls carry the delivery key (webhook `X-Seatwatch-Delivery`; push
 * notification tag/topic), so a call repeated after a crash is de-duplicated by the receiver.
 */
import { listRecordedSmsIds, markDeliveriesForSend } from "@/db/queries/deliveries";
import { markPushGone, setPhoneStopped, touchPushSuccess } from "@/db/queries/notification-settings";
import { createDeliveryError, permanentOutcome, retryOutcome } from "@/server/notifications/outcome";
import type { DeliveryOutcome, RenderedPush } from "@/server/notifications/ports";
import { renderAlertPush, renderDigestPush } from "@/server/notifications/render-push";
import { renderAlertSms, renderDigestSms } from "@/server/notifications/render-sms";
import { detectWebhookFormat, renderWebhookBody } from "@/server/notifications/render-webhook";
import { releaseEscalations } from "./escalation";
import { buildDigestLinks, createPushOpenToken } from "./links";
import type { SendContext } from "./send-context";
import { digestReason, mergeRecords, recordOutcome, type SendUnit, type UnitRecord } from "./units";
import { ensureAlive, messageOf, runWithLimit, saveRecord, settleAll, type WorkerRun } from "./worker-types";

/** Units in flight per channel and process (Twilio's adapter pools its own 10; push services and webhook hosts are many). */
const SMS_CONCURRENCY = 10;
const PUSH_CONCURRENCY = 20;
const WEBHOOK_CONCURRENCY = 10;
/** Twilio's `date_created` has whole seconds and clocks drift: look this far before the marker. */
const RECONCILE_MARGIN_MS = 2 * 60_000;

/** Unit outcomes are written in small batches: one transaction per SMS would make the database the bottleneck. */
const RECORD_BATCH = 25;

/**
 * Collects unit records and writes them `RECORD_BATCH` at a time, one write in flight. A crash loses at most
 * the unwritten batch, which the sent-markers make safe (SMS reconciled, push/webhook repeated with their key).
 */
function createRecorder(run: WorkerRun) {
  let pending: UnitRecord[] = [];
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    if (pending.length === 0) return;
    const batch = mergeRecords(pending);
    pending = [];
    chain = chain.then(() => saveRecord(run, batch));
    chain.catch(() => undefined); // observed in close()
  };
  return {
    add(record: UnitRecord) {
      pending.push(record);
      if (pending.length >= RECORD_BATCH) flush();
    },
    async close() {
      flush();
      await chain;
    },
  };
}

type Recorder = ReturnType<typeof createRecorder>;

function renderSmsBody(run: WorkerRun, unit: SendUnit, context: SendContext): string {
  const messages = unit.rows.map((row) => messageOf(run, row, context));
  if (unit.digestKey === null) return renderAlertSms(messages[0]!, run.renderOptions).body;
  return renderDigestSms({ alerts: messages, alertsUrl: buildDigestLinks(run.links, unit.userId).alertsUrl, reason: digestReason(unit.digestKey) }).body;
}

/** The message Twilio already holds for this unit, or null; throws when Twilio cannot be asked. */
async function findAlreadySent(run: WorkerRun, unit: SendUnit, body: string): Promise<string | null> {
  if (!run.smsLookup) return null;
  const markedAt = Math.min(...unit.rows.map((row) => row.markedAt?.getTime() ?? Date.now()));
  const since = new Date(markedAt - RECONCILE_MARGIN_MS);
  const [recent, recorded] = await Promise.all([run.smsLookup.findRecent({ to: unit.destination, since }), listRecordedSmsIds(run.db, { destination: unit.destination, since })]);
  const match = recent.filter((message) => message.body === body && !recorded.has(message.sid)).at(-1);
  return match?.sid ?? null;
}

interface Sends {
  run: WorkerRun;
  context: SendContext;
  recorder: Recorder;
  /** Rows this worker marked and still leases. */
  held: Set<string>;
  pushDelivered: string[];
  /** Alerts whose push failed for good (410): their escalation SMS may go at once. */
  pushFailedAlerts: string[];
}

const isHeld = (sends: Sends, unit: SendUnit) => unit.rows.every((row) => sends.held.has(row.id));

async function sendSmsUnit(sends: Sends, unit: SendUnit, body: string): Promise<void> {
  const { run, recorder } = sends;
  const vendor = run.channels.sms.vendor;
  // The dev outbox de-duplicates on the key itself; only a real vendor needs asking.
  if (unit.isReplay && vendor !== "dev-outbox") {
    let sid: string | null;
    try {
      sid = await findAlreadySent(run, unit, body);
    } catch (error) {
      const outcome = retryOutcome(createDeliveryError("unavailable", `reconciliation failed: ${error instanceof Error ? error.message : String(error)}`));
      return recorder.add(recordOutcome(unit, outcome, { vendor, now: run.now(), keepMarkerOnRetry: true }));
    }
    if (sid) return recorder.add(recordOutcome(unit, { status: "sent", providerMessageId: sid }, { vendor, now: run.now(), keepMarkerOnRetry: true, note: "reconciled" }));
  }
  if (!isHeld(sends, unit)) return;
  ensureAlive(run);
  const outcome = await run.channels.sms.send({ idempotencyKey: unit.key, to: unit.destination, body }, { signal: run.signal });
  // No HTTP answer at all: Twilio may have the message; the next try reconciles before sending.
  const isFateUnknown = outcome.status === "retry" && outcome.error.httpStatus === null;
  recorder.add(recordOutcome(unit, outcome, { vendor, now: run.now(), keepMarkerOnRetry: isFateUnknown }));
  if (outcome.status === "permanent-failure" && outcome.error.code === "unsubscribed") await setPhoneStopped(run.db, { e164: unit.destination, at: run.now() });
}

async function sendPushUnit(sends: Sends, unit: SendUnit, push: RenderedPush): Promise<void> {
  const { run, context, recorder } = sends;
  const channel = run.channels.push;
  const subscription = context.pushes.get(unit.destination);
  let outcome: DeliveryOutcome;
  if (!channel || !subscription) {
    outcome = retryOutcome(createDeliveryError("provider-config", "web push is not configured (no VAPID keys)"), new Date(run.now().getTime() + 15 * 60_000));
  } else {
    if (!isHeld(sends, unit)) return;
    ensureAlive(run);
    outcome = await channel.send({ idempotencyKey: unit.key, subscription: { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, push }, { signal: run.signal });
  }
  recorder.add(recordOutcome(unit, outcome, { vendor: "web-push", now: run.now(), keepMarkerOnRetry: false, note: unit.isReplay && outcome.status === "sent" ? "resent" : undefined }));
  if (outcome.status === "permanent-failure" && outcome.error.code === "subscription-gone") await markPushGone(run.db, { ids: [unit.destination], at: run.now() });
  if (outcome.status === "permanent-failure") sends.pushFailedAlerts.push(...unit.rows.map((row) => row.alertId));
  if (outcome.status === "sent") sends.pushDelivered.push(unit.destination);
}

async function sendWebhookUnit(sends: Sends, unit: SendUnit, body: unknown): Promise<void> {
  const { run, context, recorder } = sends;
  const settings = context.settings.get(unit.userId)!;
  if (!isHeld(sends, unit)) return;
  ensureAlive(run);
  const outcome = await run.channels.webhook.send({ idempotencyKey: unit.key, url: settings.webhookUrl!, secret: settings.webhookSecret!, body }, { signal: run.signal });
  recorder.add(recordOutcome(unit, outcome, { vendor: "webhook", now: run.now(), keepMarkerOnRetry: false, note: unit.isReplay && outcome.status === "sent" ? "resent" : undefined }));
}

type Prepared = { unit: SendUnit } & ({ channel: "sms"; body: string } | { channel: "push"; push: RenderedPush } | { channel: "webhook"; body: unknown });

/** Renders a unit for its channel; throws when the stored message no longer renders. */
function prepare(run: WorkerRun, unit: SendUnit, context: SendContext): Prepared {
  if (unit.channel === "sms") return { unit, channel: "sms", body: renderSmsBody(run, unit, context) };
  if (unit.channel === "push") {
    const messages = unit.rows.map((row) => messageOf(run, row, context));
    // A digest reports its first row opened; only single (urgent) pushes have an escalation waiting.
    const openToken = createPushOpenToken(run.links.secret, unit.rows[0]!.id);
    const push =
      unit.digestKey === null
        ? renderAlertPush(messages[0]!, run.renderOptions, { openToken })
        : renderDigestPush({ alerts: messages, alertsUrl: buildDigestLinks(run.links, unit.userId).alertsUrl, digestKey: unit.digestKey, openToken });
    return { unit, channel: "push", push };
  }
  const url = context.settings.get(unit.userId)?.webhookUrl;
  if (!url) throw new Error("the webhook was removed");
  return { unit, channel: "webhook", body: renderWebhookBody(messageOf(run, unit.rows[0]!, context), detectWebhookFormat(url), run.renderOptions) };
}

/** SMS, push and webhook units of one page: render, mark all, send with per-channel concurrency, record in batches. */
export async function sendDirectUnits(run: WorkerRun, units: readonly SendUnit[], context: SendContext): Promise<void> {
  if (units.length === 0) return;
  const recorder = createRecorder(run);
  const prepared: Prepared[] = [];
  for (const unit of units) {
    try {
      prepared.push(prepare(run, unit, context));
    } catch (error) {
      const message = `cannot render: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`;
      recorder.add(recordOutcome(unit, permanentOutcome(createDeliveryError("rejected", message)), { vendor: "render", now: run.now(), keepMarkerOnRetry: false }));
    }
  }
  ensureAlive(run);
  const marks = prepared.flatMap(({ unit }) => unit.rows.map((row) => ({ id: row.id, sendKey: unit.key, batchKey: null, batchIndex: null })));
  const sends: Sends = { run, context, recorder, held: await markDeliveriesForSend(run.db, { owner: run.owner, now: run.now(), marks }), pushDelivered: [], pushFailedAlerts: [] };
  const of = <C extends Prepared["channel"]>(channel: C) => prepared.filter((item): item is Extract<Prepared, { channel: C }> => item.channel === channel);
  try {
    await settleAll([
      runWithLimit(of("sms"), SMS_CONCURRENCY, (item) => sendSmsUnit(sends, item.unit, item.body)),
      runWithLimit(of("push"), PUSH_CONCURRENCY, (item) => sendPushUnit(sends, item.unit, item.push)),
      runWithLimit(of("webhook"), WEBHOOK_CONCURRENCY, (item) => sendWebhookUnit(sends, item.unit, item.body)),
    ]);
  } finally {
    await recorder.close();
  }
  if (sends.pushDelivered.length > 0) await touchPushSuccess(run.db, { ids: sends.pushDelivered, at: run.now() });
  // Only now are the failures recorded, which the release checks (no push of the alert still on its way).
  if (sends.pushFailedAlerts.length > 0) {
    ensureAlive(run);
    await releaseEscalations(run.db, sends.pushFailedAlerts, run.now());
  }
}
