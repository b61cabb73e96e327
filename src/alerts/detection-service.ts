// Two triggers, one truth: ingest hands over the orders it changed (evaluate), the sweep finds the orders
// time may have changed (sweep). Both load facts, run the same pure rules, and reconcile alerts.
import type { Route } from '../config/index.js';
import type { Clock } from '../lib/clock.js';
import type { AlertStore } from '../store/alert-store.js';
import type { SweepThresholds } from '../store/sweep-candidates.js';
import type { ActiveRules } from './rule-settings.js';
import { evaluateOrders } from './evaluate.js';

export interface DetectionDeps {
  store: Pick<AlertStore, 'loadFacts' | 'reconcile' | 'sweepCandidates'>;
  active: ActiveRules;
  routes: readonly Route[];
  clock: Clock;
  /** Orders per load-evaluate-reconcile round (bounds memory on a large sweep). */
  batchSize?: number;
}

export interface DetectionOutcome {
  evaluated: number;
  opened: number;
  changed: number;
  resolved: number;
}

const ms = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);
const HOUR = 3_600_000;

export function createDetectionService(deps: DetectionDeps) {
  const setting = (rule: string, key: string, fallback: number) =>
    ms(deps.active.settings.get(rule)?.[key], fallback);
  const windows = () => ({
    phoneVelocityMs: setting('suspect_phone_velocity', 'window', 24 * HOUR),
    crossChannelMs: setting('suspect_cross_channel_duplicate', 'window', 24 * HOUR),
  });
  const thresholds = (): SweepThresholds => ({
    unpickedAfterMs: setting('stuck_unpicked', 'after', 2 * HOUR),
    unshippedAfterMs: setting('stuck_unshipped', 'after', 4 * HOUR),
    promiseWithinMs: setting('stuck_promise_risk', 'within', 2 * HOUR),
    noPickupAfterMs: setting('logistics_no_pickup', 'after', 24 * HOUR),
    noUpdateAfterMs: setting('logistics_no_update', 'after', 48 * HOUR),
    timeBasedRules: deps.active.rules.filter((r) => r.timeBased).map((r) => r.id),
  });

  const evaluate = async (orderIds: readonly string[]): Promise<DetectionOutcome> => {
    const out: DetectionOutcome = { evaluated: 0, opened: 0, changed: 0, resolved: 0 };
    const size = deps.batchSize ?? 1000;
    for (let i = 0; i < orderIds.length; i += size) {
      const facts = await deps.store.loadFacts(orderIds.slice(i, i + size), windows());
      const now = deps.clock.now();
      const { found, cleared } = evaluateOrders(
        facts,
        deps.active.rules,
        deps.active.settings,
        deps.routes,
        now,
      );
      const r = await deps.store.reconcile(found, cleared, now);
      out.evaluated += facts.length;
      out.opened += r.opened.length;
      out.changed += r.changed.length;
      out.resolved += r.resolved.length;
    }
    return out;
  };

  return {
    evaluate,
    async sweep(): Promise<DetectionOutcome & { tookMs: number }> {
      const started = Date.now(); // wall time of the work itself, reported, never used for decisions
      const ids = await deps.store.sweepCandidates(deps.clock.now(), thresholds());
      const out = await evaluate(ids);
      return { ...out, tookMs: Date.now() - started };
    },
  };
}
export type DetectionService = ReturnType<typeof createDetectionService>;
