// The outbox half of delivery: an alert's revision is bumped in the same transaction as the change
// (reconcile, sweep, muting, actions), so a committed change is never lost even if the process dies
// before anyone is told. Planning turns unplanned revisions into one delivery row per target.
import type { Pool } from './pool.js';
import { recordsetSelect, type Column } from './unnest.js';
import { withTransaction } from './tx.js';

export interface PlannedTarget {
  id: string;
  channel: string;
  team: string;
}

interface Row {
  alertId: string;
  target: string;
  channel: string;
  team: string;
  revision: number;
  status: 'pending' | 'muted';
  now: Date;
}

const COLUMNS: Column<Row>[] = [
  { name: 'alert_id', type: 'uuid', value: (r) => r.alertId },
  { name: 'target', type: 'text', value: (r) => r.target },
  { name: 'channel', type: 'text', value: (r) => r.channel },
  { name: 'team', type: 'text', value: (r) => r.team },
  { name: 'revision', type: 'int', value: (r) => r.revision },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'now', type: 'timestamptz', value: (r) => r.now },
];

/**
 * Plans up to `limit` alerts with unplanned revisions (SKIP LOCKED: processes share the work) and
 * returns the targets that got something to send. Older pending deliveries of the same alert and target
 * are superseded: a card always shows the latest state, so only the newest revision is worth sending —
 * unless one was tried already (its card may be shown; the claim finishes it first, see delivery-claim).
 */
export async function planDeliveries(
  pool: Pool,
  targetsFor: (team: string | null) => readonly PlannedTarget[],
  now: Date,
  limit = 500,
): Promise<{ alerts: number; targets: string[] }> {
  return withTransaction(pool, async (c) => {
    const res = await c.query<{ id: string; team: string | null; revision: number; muted: boolean }>(
      // Muting holds back an open problem; a resolution is planned anyway, so that it reaches the cards
      // already shown (the claim mutes it where none is): a held order's stuck alert is muted, then resolves,
      // and its cards must not keep showing it open with live buttons.
      `SELECT id, team, revision, muted_reason IS NOT NULL AND state <> 'resolved' AS muted FROM alerts
       WHERE notified_revision < revision ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (res.rows.length === 0) return { alerts: 0, targets: [] };
    const rows: Row[] = res.rows.flatMap((a) =>
      targetsFor(a.team).map((t) => ({
        alertId: a.id,
        target: t.id,
        channel: t.channel,
        team: t.team,
        revision: a.revision,
        status: a.muted ? ('muted' as const) : ('pending' as const),
        now,
      })),
    );
    if (rows.length > 0) {
      const { sql, params } = recordsetSelect(COLUMNS, rows);
      await c.query(
        `WITH n AS (${sql}),
         ins AS (
           INSERT INTO deliveries (alert_id, target, channel, team, revision, kind, status, next_attempt_at,
                                   created_at, updated_at)
           SELECT alert_id, target, channel, team, revision, 'card', status, now, now, now FROM n
           ON CONFLICT (alert_id, target, revision) WHERE alert_id IS NOT NULL DO NOTHING
         )
         UPDATE deliveries d SET status = 'superseded', updated_at = n.now, lease_until = NULL
         FROM n WHERE d.alert_id = n.alert_id AND d.target = n.target AND d.revision < n.revision
           AND d.status IN ('pending', 'muted') AND d.attempts = 0`,
        params,
      );
    }
    await c.query(`UPDATE alerts SET notified_revision = revision WHERE id = ANY($1::uuid[])`, [
      res.rows.map((a) => a.id),
    ]);
    const targets = new Set(rows.filter((r) => r.status === 'pending').map((r) => r.target));
    return { alerts: res.rows.length, targets: [...targets] };
  });
}
