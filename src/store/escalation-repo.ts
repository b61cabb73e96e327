// Escalation timers in SQL (DESIGN.md §6, OnCall's model): freeze the policy onto alerts that opened,
// find the open alerts that need a timer, and hand out timer ids — each id written before its job is
// added, so a job whose id no longer equals active_escalation_job is inert.
import type { Pool, PoolClient } from './pool.js';

export interface EscalationRow {
  id: string;
  rule: string;
  kind: string;
  severity: string;
  state: string;
  level: number;
  openedAt: Date;
  snoozedUntil: Date | null;
  mutedReason: string | null;
  escalation: unknown;
  activeJob: string | null;
}

export const ESCALATION_COLUMNS = `a.id, a.rule, a.kind, a.severity, a.state, a.level, a.opened_at AS "openedAt",
  a.snoozed_until AS "snoozedUntil", a.muted_reason AS "mutedReason", a.escalation,
  a.active_escalation_job AS "activeJob"`;

/**
 * Freezes a policy onto every unresolved alert that has none (rule key, then kind key, then `default`),
 * one statement. `tables` comes from freezeTables(): `notice` for kinds that may notify customers.
 * Rows are locked in id order and rows locked elsewhere (detection, an action, another sync) are left
 * for the next sync: two statements updating overlapping sets in different orders deadlocked under load.
 */
export async function freezePending(
  db: Pool | PoolClient,
  tables: { notice: object; plain: object },
  noticeKinds: readonly string[],
): Promise<{ frozen: number; skipped: number }> {
  const res = await db.query<{ candidates: number; locked: number; frozen: number }>(
    `WITH candidates AS (
       SELECT id FROM alerts WHERE escalation IS NULL AND state <> 'resolved'
     ),
     pending AS (
       SELECT a.id FROM alerts a JOIN candidates c ON c.id = a.id
       ORDER BY a.id FOR UPDATE OF a SKIP LOCKED
     ),
     up AS (
       UPDATE alerts a SET escalation = (
         SELECT COALESCE(t.p -> a.rule, t.p -> a.kind, t.p -> 'default')
         FROM (SELECT CASE WHEN a.kind = ANY($3::text[]) THEN $1::jsonb ELSE $2::jsonb END AS p) t
       )
       FROM pending WHERE a.id = pending.id AND a.escalation IS NULL AND a.state <> 'resolved'
       RETURNING a.id
     )
     SELECT (SELECT count(*) FROM candidates)::int AS candidates, (SELECT count(*) FROM pending)::int AS locked,
            (SELECT count(*) FROM up)::int AS frozen`,
    [JSON.stringify(tables.notice), JSON.stringify(tables.plain), noticeKinds],
  );
  const { candidates, locked, frozen } = res.rows[0] ?? { candidates: 0, locked: 0, frozen: 0 };
  // Locked elsewhere (the delivery planner, detection): the caller tries again. An alert no policy
  // matches stays unfrozen but is not "skipped".
  return { frozen, skipped: Math.max(0, candidates - locked) };
}

/** Open alerts with a frozen policy, a level still to fire and no timer (index alerts_escalation_pending_idx). */
export async function alertsNeedingTimer(db: Pool, afterId: string | null, limit: number) {
  const res = await db.query<EscalationRow>(
    `SELECT ${ESCALATION_COLUMNS} FROM alerts a
     WHERE a.state = 'open' AND a.active_escalation_job IS NULL AND a.escalation IS NOT NULL
       AND a.level < jsonb_array_length(a.escalation -> 'levels') AND ($1::uuid IS NULL OR a.id > $1::uuid)
     ORDER BY a.id LIMIT $2`,
    [afterId, limit],
  );
  return res.rows;
}

/** Open alerts holding a timer id (the start-up reconciliation re-adds their jobs by that id). */
export async function alertsWithTimer(db: Pool, afterId: string | null, limit: number) {
  const res = await db.query<EscalationRow>(
    `SELECT ${ESCALATION_COLUMNS} FROM alerts a
     WHERE a.active_escalation_job IS NOT NULL AND ($1::uuid IS NULL OR a.id > $1::uuid)
     ORDER BY a.id LIMIT $2`,
    [afterId, limit],
  );
  return res.rows;
}

/**
 * Sets each alert's timer id where it still has none; returns the alerts that got theirs (race-safe).
 * Locks in id order, skipping rows locked elsewhere (they get their timer at the next sync).
 */
export async function claimTimers(db: Pool, timers: readonly { alertId: string; jobId: string }[]) {
  if (timers.length === 0) return new Set<string>();
  const res = await db.query<{ id: string }>(
    `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS t(id, job)),
     mine AS (
       SELECT a.id FROM alerts a JOIN t ON t.id = a.id
       WHERE a.active_escalation_job IS NULL AND a.state = 'open'
       ORDER BY a.id FOR UPDATE OF a SKIP LOCKED
     )
     UPDATE alerts a SET active_escalation_job = t.job
     FROM t JOIN mine ON mine.id = t.id
     WHERE a.id = t.id AND a.active_escalation_job IS NULL AND a.state = 'open'
     RETURNING a.id`,
    [timers.map((t) => t.alertId), timers.map((t) => t.jobId)],
  );
  return new Set(res.rows.map((r) => r.id));
}

/** Clears a timer id that is no longer needed (held or done), only if it is still the active one. */
export async function clearTimer(db: Pool | PoolClient, alertId: string, jobId: string): Promise<void> {
  await db.query(
    `UPDATE alerts SET active_escalation_job = NULL WHERE id = $1 AND active_escalation_job = $2`,
    [alertId, jobId],
  );
}
