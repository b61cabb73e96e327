// What people do to an alert from the chats, each guarded by the state it expects (DESIGN.md §3.2) and
// bumping `revision` so every card of the alert is re-rendered after commit. Claim, resolve and snooze
// also clear active_escalation_job in the same statement: any pending escalation timer becomes inert
// (a snoozed alert gets a new timer from the escalation sync, due when the snooze ends).
import { refreshMuting } from './muting.js';
import type { PoolClient } from './pool.js';

async function history(c: PoolClient, alertId: string, change: string, detail: object, now: Date) {
  await c.query(`INSERT INTO alert_history (alert_id, at, change, detail) VALUES ($1, $2, $3, $4)`, [
    alertId,
    now,
    change,
    JSON.stringify(detail),
  ]);
}

/** open → claimed by this person; false when it was not open (claimed or resolved meanwhile). */
export async function claimAlert(c: PoolClient, alertId: string, personId: string, now: Date) {
  const res = await c.query(
    `UPDATE alerts SET state = 'claimed', claimed_by = $2, claimed_at = $3, updated_at = $3,
       revision = revision + 1, active_escalation_job = NULL
     WHERE id = $1 AND state = 'open'`,
    [alertId, personId, now],
  );
  if ((res.rowCount ?? 0) === 0) return false;
  await history(c, alertId, 'claimed', { by: personId }, now);
  return true;
}

/** Any unresolved state → resolved with `reason`; false when it was already resolved. */
export async function resolveAlert(
  c: PoolClient,
  alertId: string,
  reason: string,
  by: string,
  now: Date,
): Promise<boolean> {
  const res = await c.query(
    `UPDATE alerts SET state = 'resolved', resolved_at = $3, updated_at = $3, resolve_reason = $2,
       revision = revision + 1, active_escalation_job = NULL
     WHERE id = $1 AND state <> 'resolved'`,
    [alertId, reason, now],
  );
  if ((res.rowCount ?? 0) === 0) return false;
  await history(c, alertId, 'resolved', { reason, by }, now);
  return true;
}

/** Mutes the alert's notifications until `until` (the alert stays listed); false when resolved. */
export async function snoozeAlert(
  c: PoolClient,
  alert: { id: string; orderId: string },
  until: Date,
  by: string,
  now: Date,
): Promise<boolean> {
  const res = await c.query(
    `UPDATE alerts SET snoozed_until = $2, updated_at = $3, revision = revision + 1,
       active_escalation_job = NULL
     WHERE id = $1 AND state <> 'resolved'`,
    [alert.id, until, now],
  );
  if ((res.rowCount ?? 0) === 0) return false;
  await history(c, alert.id, 'snoozed', { until: until.toISOString(), by }, now);
  await refreshMuting(c, now, [alert.orderId]);
  return true;
}

/** A visible change that is not a state change (an approval recorded): the cards are re-rendered. */
export async function touchAlert(c: PoolClient, alertId: string, change: string, detail: object, now: Date) {
  await c.query(`UPDATE alerts SET updated_at = $2, revision = revision + 1 WHERE id = $1`, [alertId, now]);
  await history(c, alertId, change, detail, now);
}
