// The alert lifecycle in SQL: open or update the alerts a detection run found, resolve the unresolved
// alerts of the evaluated (order, rule) pairs that no longer fire. The partial unique index on
// (rule, order_id) for unresolved alerts keeps this single even when two runs race.
import type { PoolClient } from './pool.js';
import { recordsetSelect, type Column } from './unnest.js';

export interface FoundAlert {
  orderId: string;
  rule: string;
  kind: string;
  severity: string;
  summary: string;
  details: Record<string, unknown>;
  team: string | null;
}

export interface Cleared {
  orderId: string;
  rule: string;
  reason: string;
}

export interface ReconcileResult {
  opened: string[];
  /** Alerts whose severity changed (a visible change: revision bumped). */
  changed: string[];
  resolved: string[];
}

const FOUND: Column<FoundAlert & { now: Date }>[] = [
  { name: 'rule', type: 'text', value: (f) => f.rule },
  { name: 'kind', type: 'text', value: (f) => f.kind },
  { name: 'severity', type: 'text', value: (f) => f.severity },
  { name: 'fingerprint', type: 'text', value: (f) => `${f.rule}:${f.orderId}` },
  { name: 'order_id', type: 'uuid', value: (f) => f.orderId },
  { name: 'summary', type: 'text', value: (f) => f.summary },
  { name: 'details', type: 'jsonb', value: (f) => f.details },
  { name: 'team', type: 'text', value: (f) => f.team },
  { name: 'opened_at', type: 'timestamptz', value: (f) => f.now },
  { name: 'last_detected_at', type: 'timestamptz', value: (f) => f.now },
  { name: 'updated_at', type: 'timestamptz', value: (f) => f.now },
];

const CLEARED: Column<Cleared>[] = [
  { name: 'order_id', type: 'uuid', value: (c) => c.orderId },
  { name: 'rule', type: 'text', value: (c) => c.rule },
  { name: 'reason', type: 'text', value: (c) => c.reason },
];

/** Runs inside the caller's transaction. `cleared` lists evaluated (order, rule) pairs that did not fire. */
export async function reconcileAlerts(
  client: PoolClient,
  found: readonly FoundAlert[],
  cleared: readonly Cleared[],
  now: Date,
): Promise<ReconcileResult> {
  const result: ReconcileResult = { opened: [], changed: [], resolved: [] };
  if (found.length > 0) {
    const rows = [...found].sort((a, b) => (a.orderId + a.rule < b.orderId + b.rule ? -1 : 1));
    const { sql, params, names } = recordsetSelect(
      FOUND,
      rows.map((f) => ({ ...f, now })),
    );
    // `prev` reads the rows as they were before this statement (one snapshot), so the severity change
    // is known without a second round trip.
    const res = await client.query<{ id: string; inserted: boolean; changed: boolean }>(
      `WITH incoming AS (${sql}),
       prev AS (
         SELECT a.id, a.severity FROM alerts a
         JOIN incoming i ON a.rule = i.rule AND a.order_id = i.order_id
         WHERE a.state <> 'resolved'
       ),
       up AS (
         INSERT INTO alerts (${names}) SELECT * FROM incoming
         ON CONFLICT (rule, order_id) WHERE state <> 'resolved' DO UPDATE SET
           severity = EXCLUDED.severity,
           summary = EXCLUDED.summary,
           details = EXCLUDED.details,
           last_detected_at = EXCLUDED.last_detected_at,
           updated_at = CASE WHEN alerts.severity <> EXCLUDED.severity THEN EXCLUDED.updated_at ELSE alerts.updated_at END,
           revision = alerts.revision + (alerts.severity <> EXCLUDED.severity)::int
         RETURNING id, severity, (xmax = 0) AS inserted
       )
       SELECT up.id, up.inserted, (NOT up.inserted AND prev.severity IS DISTINCT FROM up.severity) AS changed
       FROM up LEFT JOIN prev ON prev.id = up.id`,
      params,
    );
    for (const r of res.rows) {
      if (r.inserted) result.opened.push(r.id);
      else if (r.changed) result.changed.push(r.id);
    }
  }
  if (cleared.length > 0) {
    const { sql, params } = recordsetSelect(CLEARED, cleared);
    const res = await client.query<{ id: string }>(
      `UPDATE alerts a SET state = 'resolved', resolved_at = $2, updated_at = $2,
         resolve_reason = c.reason, revision = a.revision + 1, active_escalation_job = NULL
       FROM (${sql}) AS c
       WHERE a.order_id = c.order_id AND a.rule = c.rule AND a.state <> 'resolved'
       RETURNING a.id`,
      [...params, now],
    );
    result.resolved = res.rows.map((r) => r.id);
  }
  await recordHistory(client, result, now);
  return result;
}

export async function recordHistory(client: PoolClient, r: ReconcileResult, now: Date): Promise<void> {
  const ids = [...r.opened, ...r.changed, ...r.resolved];
  if (ids.length === 0) return;
  const changes = [
    ...r.opened.map(() => 'opened'),
    ...r.changed.map(() => 'severity'),
    ...r.resolved.map(() => 'resolved'),
  ];
  await client.query(
    `INSERT INTO alert_history (alert_id, at, change, detail)
     SELECT a.id, $3, c.change,
       CASE c.change WHEN 'resolved' THEN jsonb_build_object('reason', a.resolve_reason)
                     ELSE jsonb_build_object('severity', a.severity) END
     FROM unnest($1::uuid[], $2::text[]) AS c(id, change) JOIN alerts a ON a.id = c.id`,
    [ids, changes, now],
  );
}
