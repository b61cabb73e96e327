// The orders a rules dry-run evaluates: every order some rule could still fire on (not cancelled or
// closed; delivered ones only when a refund was requested), newest first, bounded.
import type { Pool } from './pool.js';

export async function dryRunOrderIds(
  pool: Pool,
  limit: number,
): Promise<{ ids: string[]; truncated: boolean }> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT o.id FROM orders o
     WHERE o.status IN ('created', 'paid', 'picking', 'packed', 'shipped')
        OR (o.status = 'delivered' AND EXISTS (
              SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.type = 'refund_requested'))
     ORDER BY o.created_at DESC LIMIT $1`,
    [limit + 1],
  );
  return { ids: rows.slice(0, limit).map((r) => r.id), truncated: rows.length > limit };
}

/** Unresolved alerts per rule right now, to set a proposal's numbers against. */
export async function openAlertCounts(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ rule: string; n: number }>(
    `SELECT rule, count(*)::int AS n FROM alerts WHERE state <> 'resolved' GROUP BY rule`,
  );
  return Object.fromEntries(rows.map((r) => [r.rule, r.n]));
}
