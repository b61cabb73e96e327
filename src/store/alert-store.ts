// The alert side of the store, as the detection service and the API use it.
import type { OrderFacts } from '../rules/types.js';
import { listAlerts, type AlertFilter, type AlertView } from './alert-list.js';
import { reconcileAlerts, type Cleared, type FoundAlert, type ReconcileResult } from './alerts-repo.js';
import { loadFacts, loadFactsWithOpenRules, type FactWindows } from './facts-repo.js';
import type { Pool } from './pool.js';
import { sweepTimeBased, type SweepRule } from './sweep.js';
import type { Route } from '../config/index.js';
import { dryRunOrderIds, openAlertCounts } from './dry-run-scope.js';
import { refreshMuting } from './muting.js';
import { lockWithRelated } from './related-orders.js';
import {
  createSilence,
  expireSilence,
  listSilences,
  snoozeAlert,
  type Silence,
  type SilenceMatchers,
} from './silences-repo.js';
import { withTransaction } from './tx.js';

export interface AlertStore {
  loadFacts(orderIds: readonly string[], windows: FactWindows): Promise<OrderFacts[]>;
  /**
   * Locks the orders (and the open orders a new arrival can change the judgement of: same recipient,
   * same day), loads their facts and reconciles what `judge` makes of them, in one transaction: two
   * evaluations of one order run one after the other, each on the latest committed data.
   */
  evaluateLocked(
    orderIds: readonly string[],
    windows: FactWindows,
    judge: (facts: OrderFacts[]) => { found: FoundAlert[]; cleared: Cleared[]; now: Date },
  ): Promise<ReconcileResult & { evaluated: number }>;
  sweepTimeBased(rules: readonly SweepRule[], routes: readonly Route[], now: Date): Promise<ReconcileResult>;
  list(
    filter: AlertFilter,
    limit: number,
    cursor: string | null,
  ): Promise<{ alerts: AlertView[]; next: string | null }>;
  createSilence(
    s: { matchers: SilenceMatchers; startsAt: Date; endsAt: Date; reason: string; createdBy: string },
    now: Date,
  ): Promise<Silence>;
  listSilences(now: Date, activeOnly: boolean): Promise<Silence[]>;
  expireSilence(id: string, now: Date): Promise<Silence | null>;
  snooze(alertId: string, until: Date, now: Date): Promise<boolean>;
  dryRunScope(limit: number): Promise<{ ids: string[]; truncated: boolean }>;
  openAlertCounts(): Promise<Record<string, number>>;
  /** Orders changed before `before` whose detection never ran (its hand-off was lost), oldest first. */
  dueForDetection(before: Date, limit: number): Promise<string[]>;
}

export function createAlertStore(pool: Pool): AlertStore {
  return {
    loadFacts: (ids, windows) => loadFacts(pool, ids, windows),
    dueForDetection: async (before, limit) => {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT id FROM orders WHERE detect_due_at IS NOT NULL AND detect_due_at < $1
         ORDER BY detect_due_at LIMIT $2`,
        [before, limit],
      );
      return rows.map((r) => r.id);
    },
    evaluateLocked: (orderIds, windows, judge) =>
      withTransaction(pool, async (c) => {
        const ids = await lockWithRelated(c, [...new Set(orderIds)]);
        // Locked: whatever ingest committed before is what is judged now, and ingest after this waits
        // and marks the order due again.
        await c.query(
          `UPDATE orders SET detect_due_at = NULL WHERE id = ANY($1::uuid[]) AND detect_due_at IS NOT NULL`,
          [ids],
        );
        const { facts, openRules } = await loadFactsWithOpenRules(c, ids, windows);
        const verdict = judge(facts);
        // Only pairs with an unresolved alert can resolve: most evaluations then skip that statement.
        const cleared = verdict.cleared.filter((x) => openRules.get(x.orderId)?.has(x.rule));
        const r = await reconcileAlerts(c, verdict.found, cleared, verdict.now);
        const anyOpen = verdict.found.length > 0 || [...openRules.values()].some((rules) => rules.size > 0);
        if (anyOpen) await refreshMuting(c, verdict.now, ids);
        return { ...r, evaluated: facts.length };
      }),
    sweepTimeBased: async (rules, routes, now) => {
      const r = await sweepTimeBased(pool, rules, routes, now);
      // Muting follows the alerts the sweep changed, and whatever time alone can unmute or mute.
      const changed = [...r.opened, ...r.changed, ...r.resolved];
      const { rows } = await pool.query<{ order_id: string }>(
        'SELECT DISTINCT order_id FROM alerts WHERE id = ANY($1::uuid[])',
        [changed],
      );
      // In a transaction of its own so that a deadlock with a concurrent evaluation is retried.
      await withTransaction(pool, (c) =>
        refreshMuting(
          c,
          now,
          rows.map((x) => x.order_id),
          true,
        ),
      );
      return r;
    },
    createSilence: async (s, now) => {
      const silence = await createSilence(pool, s, now);
      await refreshMuting(pool, now, null);
      return silence;
    },
    listSilences: (now, activeOnly) => listSilences(pool, now, activeOnly),
    dryRunScope: (limit) => dryRunOrderIds(pool, limit),
    openAlertCounts: () => openAlertCounts(pool),
    expireSilence: async (id, now) => {
      const silence = await expireSilence(pool, id, now);
      if (silence) await refreshMuting(pool, now, null);
      return silence;
    },
    snooze: async (alertId, until, now) => {
      const ok = await snoozeAlert(pool, alertId, until);
      if (ok) await refreshMuting(pool, now, null);
      return ok;
    },
    list: (filter, limit, cursor) => listAlerts(pool, filter, limit, cursor),
  };
}
