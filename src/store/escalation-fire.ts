// Escalation levels applied in batches (DESIGN.md §6): one read of every timer's alert, then one
// set-based statement (no explicit transaction) applies all the due levels — each row guarded by
// `active_escalation_job = <its job> AND state = 'open' AND level = n − 1` — writes their history rows
// from its RETURNING and moves the timers that do not fire (early, held, finished). A stale job (id moved on, claimed, resolved,
// snoozed, already fired) matches nothing and changes nothing.
import type { Pool, PoolClient } from './pool.js';
import { ESCALATION_COLUMNS, type EscalationRow } from './escalation-repo.js';
import { recordsetSelect, type Column } from './unnest.js';

/** The alerts whose active timer is one of these jobs and that are open; the writes re-check all of it. */
export async function readForTimers(
  db: Pool | PoolClient,
  timers: readonly { alertId: string; jobId: string }[],
): Promise<EscalationRow[]> {
  if (timers.length === 0) return [];
  const res = await db.query<EscalationRow>(
    `SELECT ${ESCALATION_COLUMNS} FROM alerts a
     JOIN unnest($1::uuid[], $2::text[]) AS t(id, job) ON a.id = t.id AND a.active_escalation_job = t.job
     WHERE a.state = 'open'`,
    [timers.map((t) => t.alertId), timers.map((t) => t.jobId)],
  );
  return res.rows;
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

const LEVEL_COLUMNS: Column<AppliedLevel>[] = [
  { name: 'alert_id', type: 'uuid', value: (a) => a.alertId },
  { name: 'job_id', type: 'text', value: (a) => a.jobId },
  { name: 'level', type: 'int', value: (a) => a.level },
  { name: 'next_job', type: 'text', value: (a) => a.nextJob },
  { name: 'at', type: 'timestamptz', value: (a) => a.now },
  {
    name: 'record',
    type: 'jsonb',
    value: (a) => ({ level: a.level, personIds: a.personIds, at: a.now.toISOString() }),
  },
  {
    name: 'detail',
    type: 'jsonb',
    value: (a) => ({ level: a.level, personIds: a.personIds, policy: a.policy }),
  },
];

export interface TimerMove {
  alertId: string;
  from: string;
  /** The new timer id, or null to clear it. */
  to: string | null;
}

/**
 * One statement (atomic on its own): for every level whose job is still active, the alert open and at
 * level n − 1 — level = n, revision + 1 (every card re-renders as escalated), `notified` appended, the
 * next timer id set, the history row written; and every move whose job is still active — the timer moved
 * to its new id or cleared, without firing (early, held or finished). Returns the alerts applied and the
 * alerts moved; the others were stale. An alert must appear once in all of it.
 */
export async function applyLevels(
  db: Pool | PoolClient,
  levels: readonly AppliedLevel[],
  moves: readonly TimerMove[] = [],
): Promise<{ applied: Set<string>; moved: Set<string> }> {
  if (levels.length === 0 && moves.length === 0) return { applied: new Set(), moved: new Set() };
  const t = recordsetSelect(LEVEL_COLUMNS, levels);
  const res = await db.query<{ id: string; kind: 'applied' | 'moved' }>(
    `WITH t AS (${t.sql}),
     up AS (
       UPDATE alerts a SET level = t.level, revision = a.revision + 1, updated_at = t.at,
         active_escalation_job = t.next_job,
         escalation = jsonb_set(a.escalation, '{notified}',
           COALESCE(a.escalation -> 'notified', '[]'::jsonb) || jsonb_build_array(t.record))
       FROM t
       WHERE a.id = t.alert_id AND a.active_escalation_job = t.job_id AND a.state = 'open'
         AND a.level = t.level - 1
       RETURNING a.id, t.at, t.detail
     ),
     h AS (INSERT INTO alert_history (alert_id, at, change, detail) SELECT id, at, 'escalated', detail FROM up),
     mv AS (
       UPDATE alerts a SET active_escalation_job = m.to_job
       FROM unnest($2::uuid[], $3::text[], $4::text[]) AS m(id, from_job, to_job)
       WHERE a.id = m.id AND a.active_escalation_job = m.from_job
       RETURNING a.id
     )
     SELECT id, 'applied' AS kind FROM up UNION ALL SELECT id, 'moved' FROM mv`,
    [...t.params, moves.map((m) => m.alertId), moves.map((m) => m.from), moves.map((m) => m.to)],
  );
  const applied = new Set<string>();
  const moved = new Set<string>();
  for (const r of res.rows) (r.kind === 'applied' ? applied : moved).add(r.id);
  return { applied, moved };
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
