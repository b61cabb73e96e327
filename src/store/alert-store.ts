// The alert side of the store, as the detection service and the API use it.
import type { OrderFacts } from '../rules/types.js';
import { listAlerts, type AlertFilter, type AlertView } from './alert-list.js';
import { reconcileAlerts, type Cleared, type FoundAlert, type ReconcileResult } from './alerts-repo.js';
import { loadFacts, type FactWindows } from './facts-repo.js';
import type { Pool } from './pool.js';
import { sweepTimeBased, type SweepRule } from './sweep.js';
import type { Route } from '../config/index.js';
import { withTransaction } from './tx.js';

export interface AlertStore {
  loadFacts(orderIds: readonly string[], windows: FactWindows): Promise<OrderFacts[]>;
  reconcile(found: readonly FoundAlert[], cleared: readonly Cleared[], now: Date): Promise<ReconcileResult>;
  sweepTimeBased(rules: readonly SweepRule[], routes: readonly Route[], now: Date): Promise<ReconcileResult>;
  list(
    filter: AlertFilter,
    limit: number,
    cursor: string | null,
  ): Promise<{ alerts: AlertView[]; next: string | null }>;
}

export function createAlertStore(pool: Pool): AlertStore {
  return {
    loadFacts: (ids, windows) => loadFacts(pool, ids, windows),
    reconcile: (found, cleared, now) => withTransaction(pool, (c) => reconcileAlerts(c, found, cleared, now)),
    sweepTimeBased: (rules, routes, now) => sweepTimeBased(pool, rules, routes, now),
    list: (filter, limit, cursor) => listAlerts(pool, filter, limit, cursor),
  };
}
