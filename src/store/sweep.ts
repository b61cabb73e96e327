// The periodic sweep as set-based SQL: per time-based rule, one statement opens or re-grades the alerts
// of every firing order and one resolves the alerts whose orders no longer fire. No order is loaded
// into JS. Unchanged alerts are not rewritten (their summary stays as of their last visible change),
// so a steady-state sweep is mostly index reads.
import type { Route } from '../config/index.js';
import { recordHistory, type ReconcileResult } from './alerts-repo.js';
import type { Pool } from './pool.js';
import { clearedReasonSql, SWEEP_SPECS, type SweepSpec } from './sweep-specs.js';
import { withTransaction } from './tx.js';

export interface SweepRule {
  rule: string;
  settings: Record<string, unknown>;
}

/** First matching route as SQL (kind and rule are fixed per spec, so only the rest is left to SQL). */
function teamSql(routes: readonly Route[], spec: SweepSpec, params: unknown[]): string {
  const whens: string[] = [];
  for (const { match, team } of routes) {
    if ((match.kind && match.kind !== spec.kind) || (match.rule && match.rule !== spec.rule)) continue;
    const conds: string[] = [];
    const eq = (sql: string, v: string) => conds.push(`${sql} = $${params.push(v)}`);
    if (match.channel !== undefined) eq('o.channel', match.channel);
    if (match.warehouse !== undefined) eq('o.warehouse', match.warehouse);
    if (match.severity !== undefined) eq(`(${spec.severity})`, match.severity);
    whens.push(`WHEN ${conds.length ? conds.join(' AND ') : 'true'} THEN $${params.push(team)}::text`);
    if (conds.length === 0) break; // an unconditional route ends the chain
  }
  return whens.length ? `CASE ${whens.join(' ')} END` : 'NULL::text';
}

/** `$1` (now) is typed once here, so every spec can use it in interval arithmetic. */
const typed = (sql: string) => sql.replace(/\$1\b/g, '$$1::timestamptz');

async function sweepRule(
  pool: Pool,
  raw: SweepSpec,
  settings: Record<string, unknown>,
  routes: readonly Route[],
  now: Date,
) {
  const spec: SweepSpec = {
    ...raw,
    where: typed(raw.where),
    severity: typed(raw.severity),
    summary: typed(raw.summary),
    details: typed(raw.details),
  };
  const base: unknown[] = [now, ...spec.params.map((k) => settings[k])];
  return withTransaction(pool, async (c) => {
    // Small, index-driven statements: JIT compilation (triggered by inflated estimates) only adds time.
    await c.query('SET LOCAL jit = off');
    const params = [...base, spec.rule, spec.kind];
    const [ruleP, kindP] = [`$${base.length + 1}`, `$${base.length + 2}`];
    const team = teamSql(routes, spec, params);
    const up = await c.query<{ id: string; inserted: boolean; changed: boolean }>(
      // Summary and details are built only for alerts that are new or re-graded. The firing rows are
      // carried through (`todo o`), never joined back to orders: the planner overestimates them and
      // answered a join with a scan of every order (seen at 1M orders).
      `WITH firing AS (
         SELECT o.*, ${spec.severity} AS ow_severity FROM orders o WHERE ${spec.where}
       ),
       todo AS (
         SELECT f.* FROM firing f
         LEFT JOIN alerts a ON a.order_id = f.id AND a.rule = ${ruleP} AND a.state <> 'resolved'
         WHERE a.id IS NULL OR a.severity <> f.ow_severity
       ),
       rows AS (
         SELECT o.id AS order_id, o.ow_severity AS severity, ${spec.summary} AS summary,
                ${spec.details} AS details, ${team} AS team
         FROM todo o
       ),
       up AS (
         INSERT INTO alerts (rule, kind, severity, fingerprint, order_id, summary, details, team,
                             opened_at, last_detected_at, updated_at)
         SELECT ${ruleP}, ${kindP}, f.severity, ${ruleP} || ':' || f.order_id, f.order_id, f.summary, f.details,
                f.team, $1, $1, $1
         FROM rows f
         ON CONFLICT (rule, order_id) WHERE state <> 'resolved' DO UPDATE SET
           severity = EXCLUDED.severity, summary = EXCLUDED.summary, details = EXCLUDED.details,
           last_detected_at = EXCLUDED.last_detected_at, updated_at = EXCLUDED.updated_at,
           revision = alerts.revision + 1
         WHERE alerts.severity <> EXCLUDED.severity
         RETURNING id, (xmax = 0) AS inserted
       )
       SELECT id, inserted, NOT inserted AS changed FROM up`,
      params,
    );
    // Postgres must infer every bound parameter's type, so bind only those the condition uses.
    const used = Math.max(1, ...[...spec.where.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    const resolved = await c.query<{ id: string }>(
      `UPDATE alerts a SET state = 'resolved', resolved_at = $1, updated_at = $1, revision = a.revision + 1,
         active_escalation_job = NULL, resolve_reason = ${clearedReasonSql(spec.kind)}
       FROM orders o
       WHERE a.order_id = o.id AND a.rule = $${used + 1} AND a.state <> 'resolved'
         AND NOT COALESCE((${spec.where}), false)
       RETURNING a.id`,
      [...base.slice(0, used), spec.rule],
    );
    const result: ReconcileResult = {
      opened: up.rows.filter((r) => r.inserted).map((r) => r.id),
      changed: up.rows.filter((r) => r.changed).map((r) => r.id),
      resolved: resolved.rows.map((r) => r.id),
    };
    await recordHistory(c, result, now);
    return result;
  });
}

/**
 * Sweeps the given (active, time-based) rules; rules without a SQL form are skipped by the caller. Each
 * rule is its own transaction on its own connection, run side by side: they touch disjoint alerts (one
 * rule each), and Postgres works on several at once where one after another left cores idle.
 */
export async function sweepTimeBased(
  pool: Pool,
  rules: readonly SweepRule[],
  routes: readonly Route[],
  now: Date,
): Promise<ReconcileResult> {
  const specs = rules.map(({ rule, settings }) => {
    const spec = SWEEP_SPECS.find((s) => s.rule === rule);
    if (!spec) throw new Error(`rule ${rule} is time-based but has no sweep SQL`);
    return { spec, settings };
  });
  const results = await Promise.allSettled(
    specs.map(({ spec, settings }) => sweepRule(pool, spec, settings, routes, now)),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const total: ReconcileResult = { opened: [], changed: [], resolved: [] };
  for (const r of results as PromiseFulfilledResult<ReconcileResult>[]) {
    total.opened.push(...r.value.opened);
    total.changed.push(...r.value.changed);
    total.resolved.push(...r.value.resolved);
  }
  return total;
}
