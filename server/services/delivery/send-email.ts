/**
 * Email units → Resend batches of up to 100 (issue 5: the batch endpoint is what makes a 10,000-fan fan-out
 * take seconds, not half an hour, at a few requests per second). Before a batch goes out every row is
 * marked with its unit key, batch key and position; a worker that finds a marked, unfinished batch repeats
 * exactly that batch, whose idempotency key Resend has already seen, so no email is sent twice.
 */
import { markDeliveriesForSend } from "@/db/queries/deliveries";
import { renderDigestEmail } from "@/server/notifications/render-email";
import type { EmailDelivery } from "@/server/notifications/ports";
import { buildDigestLinks } from "./links";
import type { SendContext } from "./send-context";
import { deriveBatchKey, digestReason, mergeRecords, recordOutcome, type SendUnit, type UnitRecord } from "./units";
import { ensureAlive, messageOf, saveRecord, settleAll, type WorkerRun } from "./worker-types";

interface Chunk {
  batchKey: string;
  /** Formed here (digests): its composition is written before the call; claim-formed ones already are. */
  needsMark: boolean;
  units: SendUnit[];
  emails: EmailDelivery[];
}

async function renderUnit(run: WorkerRun, unit: SendUnit, context: SendContext): Promise<EmailDelivery> {
  const messages = unit.rows.map((row) => messageOf(run, row, context));
  if (unit.digestKey === null) {
    return { idempotencyKey: unit.key, to: unit.destination, email: await run.emailRenderer.render(messages[0]!) };
  }
  const first = messages[0]!;
  const email = await renderDigestEmail(
    { fan: { timeZone: first.fan.timeZone, locale: first.fan.locale }, reason: digestReason(unit.digestKey), alerts: messages, links: buildDigestLinks(run.links, unit.userId) },
    run.renderOptions,
  );
  return { idempotencyKey: unit.key, to: unit.destination, email };
}

/** Batches fixed at claim (or by an interrupted attempt) as they were; then digests, up to the batch size. */
function formChunks(units: readonly SendUnit[], maxBatch: number): { batchKey: string | null; units: SendUnit[] }[] {
  const replays = new Map<string, SendUnit[]>();
  const fresh: SendUnit[] = [];
  for (const unit of units) {
    if (unit.isReplay && unit.batchKey) replays.set(unit.batchKey, [...(replays.get(unit.batchKey) ?? []), unit]);
    else fresh.push(unit);
  }
  const chunks: { batchKey: string | null; units: SendUnit[] }[] = [];
  for (const [batchKey, members] of replays) chunks.push({ batchKey, units: members.sort((a, b) => (a.batchIndex ?? 0) - (b.batchIndex ?? 0)) });
  for (let start = 0; start < fresh.length; start += maxBatch) chunks.push({ batchKey: null, units: fresh.slice(start, start + maxBatch) });
  return chunks;
}

export async function sendEmailUnits(run: WorkerRun, units: readonly SendUnit[], context: SendContext): Promise<void> {
  if (units.length === 0) return;
  const failed: UnitRecord[] = [];
  const chunks: Chunk[] = [];
  for (const planned of formChunks(units, run.channels.email.maxBatchSize)) {
    const chunk: Chunk = { batchKey: planned.batchKey ?? "", needsMark: planned.batchKey === null, units: [], emails: [] };
    for (const unit of planned.units) {
      try {
        chunk.emails.push(await renderUnit(run, unit, context));
        chunk.units.push(unit);
      } catch (error) {
        const message = `cannot render: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`;
        failed.push(recordOutcome(unit, { status: "permanent-failure", error: { code: "rejected", message, httpStatus: null, vendorCode: null } }, { vendor: "render", now: run.now(), keepMarkerOnRetry: false }));
      }
    }
    if (chunk.units.length === 0) continue;
    chunk.batchKey = planned.batchKey ?? deriveBatchKey(chunk.units.map((unit) => unit.key));
    chunks.push(chunk);
  }
  if (failed.length > 0) await saveRecord(run, mergeRecords(failed));

  ensureAlive(run);
  const marks = chunks.filter((chunk) => chunk.needsMark).flatMap((chunk) =>
    chunk.units.flatMap((unit, index) => unit.rows.map((row) => ({ id: row.id, sendKey: unit.key, batchKey: chunk.batchKey, batchIndex: index }))),
  );
  const held = await markDeliveriesForSend(run.db, { owner: run.owner, now: run.now(), marks });

  await settleAll(
    chunks.map(async (chunk) => {
      // A lost lease means another worker now owns these rows and will repeat this batch itself.
      if (chunk.needsMark && !chunk.units.every((unit) => unit.rows.every((row) => held.has(row.id)))) return;
      ensureAlive(run);
      const outcomes = await run.channels.email.sendBatch(chunk.emails, { signal: run.signal });
      run.releaseRows(chunk.units.reduce((sum, unit) => sum + unit.rows.length, 0));
      const now = run.now();
      const records = chunk.units.map((unit, index) => recordOutcome(unit, outcomes[index]!, { vendor: run.channels.email.vendor, now, keepMarkerOnRetry: true }));
      await saveRecord(run, mergeRecords(records));
    }),
  );
}
