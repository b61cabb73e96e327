import { describe, expect, it } from 'vitest';
import { clearedReason, evaluateOrders } from '../../../src/alerts/evaluate.js';
import { routeTeam } from '../../../src/alerts/routing.js';
import { activeRules } from '../../../src/alerts/rule-settings.js';
import type { Route } from '../../../src/config/index.js';
import { RULES } from '../../../src/rules/catalogue/index.js';
import { at, facts, refund } from '../rules/catalogue/facts.js';

const routes: Route[] = [
  { match: { kind: 'refund' }, team: 'finance' },
  { match: { warehouse: 'hz-1', severity: 'critical' }, team: 'hz-oncall' },
  { match: { channel: 'jd', rule: 'stuck_unpicked' }, team: 'jd-ops' },
  { match: {}, team: 'ops' },
];

describe('routeTeam', () => {
  it.each([
    [
      { kind: 'refund', rule: 'refund_approval', channel: 'taobao', warehouse: 'hz-1', severity: 'critical' },
      'finance',
    ],
    [
      { kind: 'stuck', rule: 'stuck_unpicked', channel: 'jd', warehouse: 'hz-1', severity: 'critical' },
      'hz-oncall',
    ],
    [
      { kind: 'stuck', rule: 'stuck_unpicked', channel: 'jd', warehouse: 'hz-1', severity: 'warning' },
      'jd-ops',
    ],
    [{ kind: 'stuck', rule: 'stuck_unshipped', channel: 'jd', warehouse: null, severity: 'warning' }, 'ops'],
  ])('sends %j to %s (first match wins)', (alert, team) => {
    expect(routeTeam(routes, alert)).toBe(team);
  });

  it('routes nowhere when no route matches', () => {
    expect(
      routeTeam([{ match: { kind: 'refund' }, team: 'finance' }], {
        kind: 'stuck',
        rule: 'x',
        channel: 'jd',
        warehouse: null,
        severity: 'info',
      }),
    ).toBeNull();
  });
});

describe('activeRules', () => {
  const refunds = { approvalRequiredFromFen: 10_000, secondApproverFromFen: 300_000 };

  it('merges file settings over defaults and injects the refund thresholds', () => {
    const a = activeRules(RULES, { rules: { stuck_unpicked: { after: 3_600_000 } }, refunds });
    expect(a.settings.get('stuck_unpicked')).toMatchObject({
      enabled: true,
      after: 3_600_000,
      critical_after: 14_400_000,
    });
    expect(a.settings.get('refund_approval')).toMatchObject({
      approval_required_from_fen: 10_000,
      second_approver_from_fen: 300_000,
    });
  });

  it('leaves switched-off rules out and reports rule ids that do not exist', () => {
    const a = activeRules(RULES, {
      rules: { suspect_test_order: { enabled: false }, no_such_rule: {} },
      refunds,
    });
    expect(a.rules.map((r) => r.id)).not.toContain('suspect_test_order');
    expect(a.rules).toHaveLength(RULES.length - 1);
    expect(a.unknownIds).toEqual(['no_such_rule']);
  });
});

describe('clearedReason', () => {
  const cancelledRefund = refund({ cancelledAt: at('2026-11-22T01:00:00Z') });
  it.each([
    ['stuck_unpicked', 'stuck', facts({ status: 'cancelled' }), 'order cancelled'],
    ['suspect_early_refund', 'suspect', facts({ refunds: [cancelledRefund] }), 'refund cancelled'],
    ['refund_approval', 'refund', facts({ refunds: [cancelledRefund] }), 'refund cancelled'],
    ['stuck_promise_risk', 'stuck', facts({ holdState: 'held' }), 'order on hold (held)'],
    [
      'logistics_no_pickup',
      'logistics',
      facts({ status: 'shipped', lastScanStatus: 'collected' }),
      'carrier scan: collected',
    ],
    [
      'logistics_remote_region',
      'logistics',
      facts({ lastScanStatus: 'collected' }),
      'condition cleared; order is paid',
    ],
    ['stuck_unpicked', 'stuck', facts({ status: 'picking' }), 'condition cleared; order is picking'],
    ['logistics_remote_region', 'logistics', facts({ status: 'delivered' }), 'order delivered'],
  ] as const)('explains %s clearing on %s orders as %j', (id, kind, order, reason) => {
    expect(clearedReason(order, { id, kind })).toBe(reason);
  });
});

describe('evaluateOrders', () => {
  it('reports what fires as found (routed) and every other evaluated pair as cleared', () => {
    const a = activeRules(RULES, {
      rules: {},
      refunds: { approvalRequiredFromFen: 0, secondApproverFromFen: 200_000 },
    });
    const order = facts({ paidAt: at('2026-11-22T00:00:00Z') });
    const { found, cleared } = evaluateOrders(
      [order],
      a.rules,
      a.settings,
      routes,
      at('2026-11-22T03:00:00Z'),
    );
    expect(found.map((f) => [f.rule, f.team])).toEqual([['stuck_unpicked', 'ops']]);
    expect(cleared).toHaveLength(a.rules.length - 1);
    expect(cleared.every((c) => c.orderId === order.id && c.rule !== 'stuck_unpicked')).toBe(true);
  });
});
