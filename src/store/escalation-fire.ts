// One escalation level applied by one guarded statement (atomic on its own, no explicit transaction):
// `UPDATE alerts … WHERE id = $1 AND active_escalation_job = $2 AND state = 'open' AND level = $n` and
// the history row from its RETURNING. A stale job (id moved on, claimed, resolved, snoozed, already
// fired) matches nothing and changes nothing.
import type { Pool, PoolClient } from './pool.js';
import { ESCALATION_COLUMNS, type EscalationRow } from './escalation-repo.js';

/** The alert if this job is still its active timer and it is open; the writes re-check all of it. */
export async function readForTimer(db: Pool | PoolClient, alertId: string, jobId: string) {
  const res = await db.query<EscalationRow>(
    `SELECT ${ESCALATION_COLUMNS} FROM alerts a
     WHERE a.id = $1 AND a.active_escalation_job = $2 AND a.state = 'open'`,
    [alertId, jobId],
  );
  return res.rows[0] ?? null;
}

export interface AppliedLevel {
  alertId: string;
  /** The timer firing; must still be the active one. */
  jobId: string;
  level: number;
  personIds: string[];
  policy: string;
  /** The timer for the level after this one, or null when there is none to wait for. */
  nextJob: string | null;
  now: Date;
}

/**
 * level = n, revision + 1 (every card re-renders as escalated), `notified` appended, the next timer id
 * set, the history row written — only if the job is still active, the alert open and at level n − 1.
 */
export async function applyLevel(db: Pool | PoolClient, a: AppliedLevel): Promise<boolean> {
  const record = { level: a.level, personIds: a.personIds, at: a.now.toISOString() };
  const detail = { level: a.level, personIds: a.personIds, policy: a.policy };
  const res = await db.query(
    `WITH up AS (
       UPDATE alerts SET level = $2, revision = revision + 1, updated_at = $3, active_escalation_job = $4,
         escalation = jsonb_set(escalation, '{notified}', COALESCE(escalation -> 'notified', '[]'::jsonb) || $5::jsonb)
       WHERE id = $1 AND active_escalation_job = $6 AND state = 'open' AND level = $2 - 1
       RETURNING id
     )
     INSERT INTO alert_history (alert_id, at, change, detail) SELECT id, $3, 'escalated', $7 FROM up`,
    [a.alertId, a.level, a.now, a.nextJob, JSON.stringify([record]), a.jobId, JSON.stringify(detail)],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Moves the active timer from `from` to `to` (or clears it) without firing: early, held or finished. */
export async function moveTimer(
  db: Pool | PoolClient,
  alertId: string,
  from: string,
  to: string | null,
): Promise<boolean> {
  const res = await db.query(
    `UPDATE alerts SET active_escalation_job = $3 WHERE id = $1 AND active_escalation_job = $2`,
    [alertId, from, to],
  );
  return (res.rowCount ?? 0) > 0;
}

export interface DirectoryPerson {
  id: string;
  name: string;
  roles: string[];
  wecom: string | null;
  dingtalk: string | null;
}

/** Everyone a level may notify, with their platform accounts. */
export async function loadDirectory(db: Pool | PoolClient): Promise<DirectoryPerson[]> {
  const res = await db.query<DirectoryPerson>(
    `SELECT p.id, p.name, p.roles,
       (SELECT i.platform_user_id FROM identities i WHERE i.person_id = p.id AND i.platform = 'wecom' LIMIT 1) AS wecom,
       (SELECT i.platform_user_id FROM identities i WHERE i.person_id = p.id AND i.platform = 'dingtalk' LIMIT 1) AS dingtalk
     FROM people p ORDER BY p.id`,
  );
  return res.rows;
}
