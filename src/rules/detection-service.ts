// Re-evaluates the orders an ingest changed (the event-driven trigger; the periodic sweep is the other).
import type { Clock } from '../lib/clock.js';
import type { OrderView } from '../store/order-read.js';
import type { Finding, Rule } from './types.js';

export interface DetectionDeps {
  loadOrders(ids: readonly string[]): Promise<OrderView[]>;
  rules: readonly Rule[];
  clock: Clock;
  onFindings(findings: Finding[], evaluated: readonly OrderView[]): Promise<void>;
}

export function createDetectionService(deps: DetectionDeps) {
  return {
    async evaluate(orderIds: readonly string[]): Promise<{ evaluated: number; findings: number }> {
      const orders = await deps.loadOrders(orderIds);
      const now = deps.clock.now();
      const findings = orders.flatMap((o) => deps.rules.flatMap((r) => r.evaluate(o, now)));
      await deps.onFindings(findings, orders);
      return { evaluated: orders.length, findings: findings.length };
    },
  };
}
export type DetectionService = ReturnType<typeof createDetectionService>;
