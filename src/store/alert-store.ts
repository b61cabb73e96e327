// The alert side of the store, as the detection service and the API use it.
import type { OrderFacts } from '../rules/types.js';
import { listAlerts, type AlertFilter, type AlertView } from './alert-list.js';
import { reconcileAlerts, type Cleared, type FoundAlert, type ReconcileResult } from './alerts-repo.js';
import { loadFacts, type FactWindows } from './facts-repo.js';
import type { Pool } from './pool.js';
import { sweepTimeBased, type SweepRule } from './sweep.js';
import type { Route } from '../config/index.js';
import { dryRunOrderIds, openAlertCounts } from './dry-run-scope.js';
import { refreshMuting } from './muting.js';
import { relatedOrderIds } from './related-orders.js';
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
   * Locks the orders, loads their facts and reconciles what `judge` makes of them, in one transaction:
   * two evaluations of one order run one after the other, each on the latest committed data.
   */
  evaluateLocked(
    orderIds: readonly string[],
    windows: FactWindows,
    judge: (facts: OrderFacts[]) => { found: FoundAlert[]; cleared: Cleared[]; now: Date },
  ): Promise<ReconcileResult & { evaluated: number }>;
  relatedOrderIds(orderIds: readonly string[]): Promise<string[]>;
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
}

export function createAlertStore(pool: Pool): AlertStore {
  return {
    loadFacts: (ids, windows) => loadFacts(pool, ids, windows),
    evaluateLocked: (orderIds, windows, judge) =>
      withTransaction(pool, async (c) => {
        const ids = [...new Set(orderIds)].sort();
        await c.query('SELECT 1 FROM orders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
        const facts = await loadFacts(c, ids, windows);
        const { found, cleared, now } = judge(facts);
        const r = await reconcileAlerts(c, found, cleared, now);
        if (facts.length) await refreshMuting(c, now, ids);
        return { ...r, evaluated: facts.length };
      }),
    relatedOrderIds: (ids) => relatedOrderIds(pool, ids),
    sweepTimeBased: async (rules, routes, now) => {
      const r = await sweepTimeBased(pool, rules, routes, now);
      // Silences and snoozes expire with time: the sweep is also when muting catches up.
      await refreshMuting(pool, now, null);
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
