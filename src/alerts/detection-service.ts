// Two triggers, one truth: ingest hands over the orders it changed (evaluate), the sweep finds the orders
// time may have changed (sweep). Both load facts, run the same pure rules, and reconcile alerts.
import type { Route } from '../config/index.js';
import type { Clock } from '../lib/clock.js';
import type { AlertStore } from '../store/alert-store.js';
import { factWindows, type ActiveRules } from './rule-settings.js';
import { evaluateOrders } from './evaluate.js';

export interface DetectionDeps {
  store: Pick<AlertStore, 'evaluateLocked' | 'sweepTimeBased' | 'dueForDetection'>;
  active: ActiveRules;
  routes: readonly Route[];
  clock: Clock;
  /** Orders per load-evaluate-reconcile round (bounds memory on a large sweep). */
  batchSize?: number;
}

/**
 * An order changed this long ago and still not detected lost its hand-off (a crash between the ingest
 * commit and the enqueue): the sweep detects it. Well past the detect job's own retries.
 */
export const DETECTION_OVERDUE_MS = 2 * 60_000;
/** At most this many overdue orders per sweep (the rest at the next). */
const OVERDUE_PER_SWEEP = 5000;

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
  /** Orders whose event-driven detection had been lost and ran now. */
  redetected: number;
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
      const now = deps.clock.now();
      const r = await deps.store.sweepTimeBased(rules, deps.routes, now);
      const overdue = await deps.store.dueForDetection(
        new Date(now.getTime() - DETECTION_OVERDUE_MS),
        OVERDUE_PER_SWEEP,
      );
      const late = overdue.length > 0 ? await evaluate(overdue) : null;
      return {
        rules: rules.map((x) => x.rule),
        opened: r.opened.length + (late?.opened ?? 0),
        changed: r.changed.length + (late?.changed ?? 0),
        resolved: r.resolved.length + (late?.resolved ?? 0),
        redetected: overdue.length,
        tookMs: Date.now() - started,
      };
    },
  };
}
export type DetectionService = ReturnType<typeof createDetectionService>;
