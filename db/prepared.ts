import type { DbOrTx } from "./client";

/**
 * Named prepared statements for the hot read paths, built once per database handle. Building a query with
 * Drizzle and having node-postgres describe an unnamed statement cost more of the web process's CPU than
 * the read itself (watches.list 0.86 → 0.31 ms, bench/web-profile.ts); a named one is parsed once per
 * connection by PostgreSQL and node-postgres alike. The name must say everything that changes the SQL text
 * (which optional filters are present): the values are placeholders. PostgreSQL re-plans a prepared
 * statement after a migration by itself; Drizzle names every column it selects, so an added column changes
 * nothing and only a migration that changes a selected column's type needs the web processes restarted.
 */
const statements = new WeakMap<object, Map<string, unknown>>();

export function preparedOnce<T>(db: DbOrTx, name: string, build: () => T): T {
  let byName = statements.get(db);
  if (!byName) statements.set(db, (byName = new Map()));
  let statement = byName.get(name) as T | undefined;
  if (!statement) byName.set(name, (statement = build()));
  return statement;
}
