// Which unresolved alerts are muted, and why (Alertmanager's model): a per-alert snooze, an active
// silence whose matchers all equal the alert's, or inhibition — a held order mutes its own stuck
// alerts, and an order's critical alert mutes its warning alerts of the same kind. Muted alerts stay
// listed with the reason; notification reads `muted_reason` before sending. One set-based statement.
import type { Pool, PoolClient } from './pool.js';

const REASON = `CASE
  WHEN a.snoozed_until > $1 THEN 'snoozed until ' || ow_iso(a.snoozed_until)
  WHEN s.id IS NOT NULL THEN 'silenced: ' || s.reason || ' (by ' || s.created_by || ', until ' || ow_iso(s.ends_at) || ')'
  WHEN a.kind = 'stuck' AND o.hold_state <> 'none' THEN 'inhibited: order on hold (' || o.hold_state || ')'
  WHEN a.severity <> 'critical' AND twin.rule IS NOT NULL THEN 'inhibited by critical ' || twin.rule
  END`;

const MATCHES = (field: string, value: string) =>
  `(s.matchers->>'${field}' IS NULL OR s.matchers->>'${field}' = ${value})`;

/**
 * Recomputes muting for the unresolved alerts of these orders; with `timeScope`, also for every alert
 * time alone can change: muted or snoozed ones (their mute may have ended) and, while any silence is
 * active, all of them (a silence may have started). Null orders: every unresolved alert.
 */
export async function refreshMuting(
  db: Pool | PoolClient,
  now: Date,
  orderIds: readonly string[] | null,
  timeScope = false,
): Promise<number> {
  const timed = `a.muted_reason IS NOT NULL OR a.snoozed_until IS NOT NULL
    OR EXISTS (SELECT 1 FROM silences s WHERE s.starts_at <= $1 AND s.ends_at > $1)`;
  const scope = orderIds ? `AND (a.order_id = ANY($2::uuid[])${timeScope ? ` OR ${timed}` : ''})` : '';
  const res = await db.query(
    `WITH m AS (
       SELECT a.id, ${REASON} AS reason
       FROM alerts a
       JOIN orders o ON o.id = a.order_id
       LEFT JOIN LATERAL (
         SELECT s.* FROM silences s
         WHERE s.starts_at <= $1 AND s.ends_at > $1
           AND ${MATCHES('kind', 'a.kind')} AND ${MATCHES('rule', 'a.rule')} AND ${MATCHES('severity', 'a.severity')}
           AND ${MATCHES('channel', 'o.channel')} AND ${MATCHES('warehouse', 'o.warehouse')}
           AND ${MATCHES('externalId', 'o.external_id')}
         ORDER BY s.ends_at DESC LIMIT 1
       ) s ON true
       LEFT JOIN LATERAL (
         SELECT t.rule FROM alerts t
         WHERE t.order_id = a.order_id AND t.kind = a.kind AND t.id <> a.id
           AND t.state <> 'resolved' AND t.severity = 'critical'
         ORDER BY t.rule LIMIT 1
       ) twin ON true
       WHERE a.state <> 'resolved' ${scope}
     )
     UPDATE alerts a SET muted_reason = m.reason,
       -- Unmuted: the chats have not heard of it (or not lately); a new revision makes it deliverable.
       revision = a.revision + (a.muted_reason IS NOT NULL AND m.reason IS NULL)::int
     FROM m WHERE a.id = m.id AND a.muted_reason IS DISTINCT FROM m.reason`,
    orderIds ? [now, orderIds] : [now],
  );
  return res.rowCount ?? 0;
}
