// Runs every active rule over every order: what fires is found, what does not is cleared (so an open
// alert for that pair resolves, with the reason the order gives).
import type { Route } from '../config/index.js';
import type { Cleared, FoundAlert } from '../store/alerts-repo.js';
import type { OrderFacts, Rule, RuleSettings } from '../rules/types.js';
import { routeTeam } from './routing.js';

export function evaluateOrders(
  orders: readonly OrderFacts[],
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSettings>,
  routes: readonly Route[],
  now: Date,
): { found: FoundAlert[]; cleared: Cleared[] } {
  const found: FoundAlert[] = [];
  const cleared: Cleared[] = [];
  for (const order of orders) {
    for (const rule of rules) {
      const f = rule.evaluate(order, now, settings.get(rule.id)!);
      if (!f) {
        cleared.push({ orderId: order.id, rule: rule.id, reason: clearedReason(order, rule) });
        continue;
      }
      const team = routeTeam(routes, { ...f, channel: order.channel, warehouse: order.warehouse });
      found.push({ orderId: order.id, team, ...f });
    }
  }
  return { found, cleared };
}

const SCAN_RULES = new Set(['logistics_no_pickup', 'logistics_no_update', 'logistics_exception']);
const REFUND_RULES = new Set(['refund_approval', 'suspect_early_refund']);

/** Why a rule stopped firing, as the order now stands (the sweep's SQL says the same: sweep-specs.ts). */
export function clearedReason(o: OrderFacts, rule: Pick<Rule, 'id' | 'kind'>): string {
  if (o.status === 'cancelled' || o.status === 'closed') return `order ${o.status}`;
  if (REFUND_RULES.has(rule.id) && o.refunds.length > 0 && o.refunds.every((r) => r.cancelledAt)) {
    return 'refund cancelled';
  }
  if (rule.kind === 'stuck' && o.holdState !== 'none') return `order on hold (${o.holdState})`;
  if (SCAN_RULES.has(rule.id) && o.lastScanStatus) return `carrier scan: ${o.lastScanStatus}`;
  if (o.status === 'delivered') return 'order delivered';
  return `condition cleared; order is ${o.status}`;
}
