// The delivery side of the store, as the notify pipeline and the API use it.
import { claimDue, type ClaimRequest, type Claimed } from './delivery-claim.js';
import { planDeliveries, type PlannedTarget } from './delivery-plan.js';
import {
  deliveryStats,
  dueTargets,
  listDeliveries,
  loadCardSources,
  retryDead,
  type CardSource,
  type DeliveryStats,
  type DeliveryView,
} from './delivery-read.js';
import { pruneBudget, recordDelivery, releaseDeliveries, type DeliveryResult } from './delivery-record.js';
import type { Pool } from './pool.js';

export type { CardSource, Claimed, ClaimRequest, DeliveryResult, DeliveryStats, DeliveryView, PlannedTarget };
export type { DueDelivery, ClaimPlan } from './delivery-claim.js';
export type { CardRecord } from './delivery-record.js';

export interface DeliveryStore {
  plan(
    targetsFor: (team: string | null) => readonly PlannedTarget[],
    now: Date,
  ): Promise<{ alerts: number; targets: string[] }>;
  claim(req: ClaimRequest): Promise<{ claimed: Claimed[]; blockedUntil: Date | null }>;
  record(id: string, result: DeliveryResult, now: Date): Promise<boolean>;
  release(ids: readonly string[], now: Date): Promise<void>;
  cardSources(alertIds: readonly string[], target: string): Promise<Map<string, CardSource>>;
  dueTargets(now: Date): Promise<string[]>;
  stats(now: Date): Promise<DeliveryStats>;
  list(
    filter: { status?: string; alertId?: string },
    limit: number,
    cursor: string | null,
  ): Promise<{ deliveries: DeliveryView[]; next: string | null }>;
  retryDead(id: string, now: Date): Promise<boolean>;
  prune(now: Date): Promise<void>;
}

export function createDeliveryStore(pool: Pool): DeliveryStore {
  return {
    plan: (targetsFor, now) => planDeliveries(pool, targetsFor, now),
    claim: (req) => claimDue(pool, req),
    record: (id, result, now) => recordDelivery(pool, id, result, now),
    release: (ids, now) => releaseDeliveries(pool, ids, now),
    cardSources: (ids, target) => loadCardSources(pool, ids, target),
    dueTargets: (now) => dueTargets(pool, now),
    stats: (now) => deliveryStats(pool, now),
    list: (filter, limit, cursor) => listDeliveries(pool, filter, limit, cursor),
    retryDead: (id, now) => retryDead(pool, id, now),
    prune: (now) => pruneBudget(pool, now),
  };
}
