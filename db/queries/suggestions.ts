import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

// Each fan counted once per attraction, over live watches of enabled accounts.
const FAN_ATTRACTIONS = sql`
  select distinct w.user_id, a->>'id' as id, a->>'name' as name
    from watches w
    join users u on u.id = w.user_id
    cross join lateral jsonb_array_elements(w.attractions) a
   where w.deleted_at is null and u.disabled_at is null`;

/** The attractions a fan watches. */
export async function listFanAttractions(db: DbOrTx, params: { userId: string }) {
  return rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, max(name) as name from (${FAN_ATTRACTIONS}) fa where user_id = ${params.userId} group by id order by 2`),
  );
}

/**
 * Attractions other fans watch beside the given ones: per candidate and per "because" attraction, how many
 * distinct other fans watch both. Only pairs at least `minFans` fans share come back.
 */
export async function countCoWatched(db: DbOrTx, params: { userId: string; attractionIds: string[]; minFans: number; limit: number }) {
  if (!params.attractionIds.length) return [];
  const ids = sql.join(params.attractionIds.map((id) => sql`${id}`), sql`, `);
  return rowsOf<{ id: string; name: string; because_id: string; because_name: string; fans: number }>(
    await db.execute(sql`
      with fa as (${FAN_ATTRACTIONS})
      select y.id, max(y.name) as name, x.id as because_id, max(x.name) as because_name, count(distinct x.user_id)::int as fans
        from fa x
        join fa y on y.user_id = x.user_id and y.id <> x.id
       where x.id in (${ids}) and y.id not in (${ids}) and x.user_id <> ${params.userId}
       group by y.id, x.id
      having count(distinct x.user_id) >= ${params.minFans}
       order by fans desc, name asc
       limit ${params.limit}`),
  );
}

/** The most-watched attractions across fans (at least `minFans` each), leaving out the given ones. */
export async function countPopularAttractions(db: DbOrTx, params: { excludeIds: string[]; minFans: number; limit: number }) {
  const exclude = params.excludeIds.length ? sql`and id not in (${sql.join(params.excludeIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  return rowsOf<{ id: string; name: string; fans: number }>(
    await db.execute(sql`
      select id, max(name) as name, count(distinct user_id)::int as fans
        from (${FAN_ATTRACTIONS}) fa
       where true ${exclude}
       group by id
      having count(distinct user_id) >= ${params.minFans}
       order by fans desc, name asc
       limit ${params.limit}`),
  );
}

/** Attractions with the most upcoming stored events: what to offer when no fan data exists yet. */
export async function countBusyAttractions(db: DbOrTx, params: { after: Date; excludeIds: string[]; limit: number }) {
  const exclude = params.excludeIds.length ? sql`and a->>'id' not in (${sql.join(params.excludeIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  return rowsOf<{ id: string; name: string; events: number }>(
    await db.execute(sql`
      select a->>'id' as id, max(a->>'name') as name, count(*)::int as events
        from events e
        cross join lateral jsonb_array_elements(e.data->'attractions') a
       where e.gone_at is null and e.starts_at >= ${params.after.toISOString()}::timestamptz ${exclude}
       group by a->>'id'
       order by events desc, name asc
       limit ${params.limit}`),
  );
}
