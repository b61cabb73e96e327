// Orders whose findings can change when another order arrives: open orders to the same recipient phone
// on the same Asia/Shanghai day (suspect_recipient_daily counts the whole day, so every one of them
// must be re-judged, not only the newest). Bounded, so a placeholder phone cannot fan out unbounded.
import { sameShanghaiDay } from './shanghai-day.js';
import type { PoolClient } from './pool.js';

const RELATED = `SELECT r.id FROM orders o
  JOIN orders r ON r.buyer_phone = o.buyer_phone
      AND ${sameShanghaiDay('r', 'o')}
  WHERE o.id = ANY($1::uuid[]) AND o.buyer_phone IS NOT NULL AND r.id <> ALL($1::uuid[])
    AND r.status IN ('created', 'paid', 'picking', 'packed')
  LIMIT $2`;

/**
 * Locks the given orders and their related ones (in id order, so concurrent evaluations cannot
 * deadlock) and returns the ids locked: one round trip for both the expansion and the lock.
 */
export async function lockWithRelated(
  db: PoolClient,
  ids: readonly string[],
  limit = 1000,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    // A UNION, not `id = ANY(…) OR id IN (…)`: the OR form made the planner scan every order (seen in
    // the latency benchmark); this one is two index lookups.
    `SELECT id FROM orders WHERE id IN (SELECT unnest($1::uuid[]) UNION (${RELATED})) ORDER BY id FOR UPDATE`,
    [ids, limit],
  );
  return rows.map((r) => r.id);
}
