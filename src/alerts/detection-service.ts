// Two triggers, one truth: ingest hands over the orders it changed (evaluate), the sweep finds the orders
// time may have changed (sweep). Both load facts, run the same pure rules, and reconcile alerts.
import type { Route } from '../config/index.js';
import type { Clock } from '../lib/clock.js';
import type { AlertStore } from '../store/alert-store.js';
import { factWindows, type ActiveRules } from './rule-settings.js';
import { evaluateOrders } from './evaluate.js';

export interface DetectionDeps {
  store: Pick<AlertStore, 'evaluateLocked' | 'sweepTimeBased'>;
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

export interface SweepOutcome {
  rules: string[];
  opened: number;
  changed: number;
  resolved: number;
  tookMs: number;
}

export function createDetectionService(deps: DetectionDeps) {
  const windows = factWindows(deps.active.settings);
  const evaluate = async (orderIds: readonly string[]): Promise<DetectionOutcome> => {
    const out: DetectionOutcome = { evaluated: 0, opened: 0, changed: 0, resolved: 0 };
    const size = deps.batchSize ?? 1000;
    for (let i = 0; i < orderIds.length; i += size) {
      const r = await deps.store.evaluateLocked(orderIds.slice(i, i + size), windows, (facts) => {
        const now = deps.clock.now();
        return { now, ...evaluateOrders(facts, deps.active.rules, deps.active.settings, deps.routes, now) };
      });
      out.evaluated += r.evaluated;
      out.opened += r.opened.length;
      out.changed += r.changed.length;
      out.resolved += r.resolved.length;
    }
    return out;
  };

  return {
    evaluate,
    /**
     * The periodic trigger: time-based rules are re-checked over the whole store in set-based SQL.
     * Every other rule changes only with the order's own data, which ingest evaluates as it arrives.
     */
    async sweep(): Promise<SweepOutcome> {
      const started = Date.now(); // wall time of the work itself, reported, never used for decisions
      const rules = deps.active.rules
        .filter((r) => r.timeBased)
        .map((r) => ({ rule: r.id, settings: deps.active.settings.get(r.id)! }));
      const r = await deps.store.sweepTimeBased(rules, deps.routes, deps.clock.now());
      return {
        rules: rules.map((x) => x.rule),
        opened: r.opened.length,
        changed: r.changed.length,
        resolved: r.resolved.length,
        tookMs: Date.now() - started,
      };
    },
  };
}
export type DetectionService = ReturnType<typeof createDetectionService>;
