import type { Db } from "@/db";
import * as queries from "@/db/queries/watches";
import type { WatchRow } from "@/db/schema";
import { fromMinorUnits, toMinorUnits } from "@/server/lib/money";
import { notFound, ServiceError } from "../errors";
import { getTierLimits } from "../tiers";
import { watchInput, type SEGMENTS, type WatchInput, type WatchValues, type UpdateWatchInput } from "./input";

/** How long a deleted watch can be brought back. */
export const UNDO_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface Fan {
  id: string;
  tier: string;
}

export type Watch = ReturnType<typeof toWatch>;

/** A stored watch as the API shows it: prices back in major units. */
export function toWatch(row: WatchRow) {
  const { maxPriceMinor, minPriceMinor, deletedAt: _deletedAt, ...rest } = row;
  const currency = row.currency;
  return {
    ...rest,
    // Only validated values are ever stored, so the column holds one of the known segments.
    segment: rest.segment as (typeof SEGMENTS)[number] | null,
    maxPrice: maxPriceMinor != null && currency ? fromMinorUnits(maxPriceMinor, currency) : null,
    minPrice: minPriceMinor != null && currency ? fromMinorUnits(minPriceMinor, currency) : null,
  };
}

/** A validated watch as its table columns: prices in minor units, blanks as nulls. */
export function toColumns(values: WatchValues) {
  const { maxPrice, minPrice, ...rest } = values;
  const currency = values.currency ?? null;
  return {
    ...rest,
    keyword: rest.keyword ?? null,
    city: rest.city ?? null,
    countryCode: rest.countryCode ?? null,
    latitude: rest.latitude ?? null,
    longitude: rest.longitude ?? null,
    radius: rest.radius ?? null,
    radiusUnit: rest.radius != null ? (rest.radiusUnit ?? "km") : null,
    segment: rest.segment ?? null,
    genre: rest.genre ?? null,
    dateFrom: rest.dateFrom ?? null,
    dateTo: rest.dateTo ?? null,
    currency,
    priceDropPercent: rest.priceDropPercent ?? null,
    quantity: rest.quantity ?? null,
    maxPriceMinor: maxPrice != null && currency ? toMinorUnits(maxPrice, currency) : null,
    minPriceMinor: minPrice != null && currency ? toMinorUnits(minPrice, currency) : null,
  };
}

function parseWatch(input: unknown): WatchValues {
  const result = watchInput.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: issue.message }));
  throw new ServiceError("BAD_REQUEST", issues[0]?.message ?? "Invalid watch", issues);
}

export function listWatches(db: Db, fan: Fan) {
  return queries.listWatches(db, { userId: fan.id }).then((rows) => rows.map(toWatch));
}

export async function getWatch(db: Db, fan: Fan, id: string) {
  const row = await queries.findWatch(db, { userId: fan.id, id });
  if (!row) throw notFound("Watch");
  return toWatch(row);
}

export async function createWatch(db: Db, fan: Fan, input: WatchInput) {
  const values = parseWatch(input);
  return db.transaction(async (tx) => {
    const user = await queries.lockUser(tx, { userId: fan.id });
    if (!user) throw notFound("Account");
    const limits = getTierLimits(user.tier);
    const existing = await queries.countWatches(tx, { userId: fan.id });
    if (existing >= limits.watches) {
      throw new ServiceError(
        "FORBIDDEN",
        `Your ${user.tier} plan allows ${limits.watches} watches and you have ${existing}. Delete one or upgrade to add more.`,
      );
    }
    return toWatch(await queries.insertWatch(tx, { ...toColumns(values), userId: fan.id }));
  });
}

export async function updateWatch(db: Db, fan: Fan, input: UpdateWatchInput) {
  const row = await queries.findWatch(db, { userId: fan.id, id: input.id });
  if (!row) throw notFound("Watch");
  const { id: _id, userId: _userId, createdAt: _c, updatedAt: _u, isPaused: _p, ...current } = toWatch(row);
  const values = parseWatch({ ...current, ...stripUndefined(input.patch) });
  const updated = await queries.updateWatch(db, { userId: fan.id, id: input.id, changes: toColumns(values) });
  if (!updated) throw notFound("Watch");
  return toWatch(updated);
}

export async function setWatchPaused(db: Db, fan: Fan, id: string, isPaused: boolean) {
  const updated = await queries.updateWatch(db, { userId: fan.id, id, changes: { isPaused } });
  if (!updated) throw notFound("Watch");
  return toWatch(updated);
}

export async function duplicateWatch(db: Db, fan: Fan, id: string) {
  const source = await getWatch(db, fan, id);
  const { id: _id, userId: _userId, createdAt: _c, updatedAt: _u, isPaused: _p, ...copy } = source;
  // Stored rows were validated on the way in; createWatch validates the copy again.
  return createWatch(db, fan, { ...copy, name: `${source.name} (copy)`.slice(0, 120) } as WatchInput);
}

export async function deleteWatch(db: Db, fan: Fan, id: string, now = new Date()) {
  const deleted = await queries.softDeleteWatch(db, { userId: fan.id, id, at: now });
  if (!deleted) throw notFound("Watch");
  return { id: deleted.id, restorableUntil: new Date(now.getTime() + UNDO_WINDOW_MS) };
}

export async function restoreWatch(db: Db, fan: Fan, id: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const user = await queries.lockUser(tx, { userId: fan.id });
    if (!user) throw notFound("Account");
    const limits = getTierLimits(user.tier);
    if ((await queries.countWatches(tx, { userId: fan.id })) >= limits.watches) {
      throw new ServiceError("FORBIDDEN", `Your ${user.tier} plan allows ${limits.watches} watches; delete one before restoring this.`);
    }
    const restored = await queries.restoreWatch(tx, { userId: fan.id, id, deletedAfter: new Date(now.getTime() - UNDO_WINDOW_MS) });
    if (!restored) throw notFound("Deleted watch");
    return toWatch(restored);
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
