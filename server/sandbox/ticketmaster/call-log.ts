/**
 * Every request the fake answered, so tests and benchmarks can assert on exactly what a client sent and what
 * it cost. The key is stored as-is: this is a fake, and tests need to tell keys apart.
 */

export interface CallLogEntry {
  /** Real clock, epoch ms. */
  at: number;
  /** World clock, epoch ms. */
  worldAt: number;
  key: string | null;
  method: string;
  path: string;
  /** Query parameters without `apikey`; repeated parameters keep every value. */
  query: Record<string, string | string[]>;
  status: number;
  /** Vendor error code (DIS…, policies.ratelimit.…, oauth.v2.…) or `injected-…`; null on success. */
  errorCode: string | null;
}

/** Bounds memory in a long-running sandbox; tests never come close. */
const MAX_ENTRIES = 50_000;

export class CallLog {
  private entries: CallLogEntry[] = [];

  record(entry: CallLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): CallLogEntry[] {
    return this.entries.map((entry) => ({ ...entry, query: { ...entry.query } }));
  }

  clear(): void {
    this.entries = [];
  }
}

export function summarizeQuery(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    if (name === "apikey") continue;
    const values = params.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}
