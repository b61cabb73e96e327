import { describe, expect, it } from 'vitest';
import { refundApproval as rule } from '../../../../src/rules/catalogue/refund-approval.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { at, facts, refund } from './facts.js';

const NOW = at('2026-11-25T00:00:00Z');

describe('refund_approval', () => {
  it.each<[string, Partial<OrderFacts>, Severity | null]>([
    ['fires a warning for a refund below 2000.00', { refunds: [refund({ amountFen: 199_999 })] }, 'warning'],
    ['turns critical at exactly 2000.00', { refunds: [refund({ amountFen: 200_000 })] }, 'critical'],
    [
      'fires for a zero refund (every refund needs approval by default)',
      { refunds: [refund({ amountFen: 0 })] },
      'warning',
    ],
    ['stays quiet without refunds', {}, null],
    [
      'stays quiet when the only refund was cancelled',
      { refunds: [refund({ cancelledAt: at('2026-11-22T02:00:00Z') })] },
      null,
    ],
    ['fires after delivery', { status: 'delivered', refunds: [refund()] }, 'warning'],
    ['fires while shipped', { status: 'shipped', refunds: [refund()] }, 'warning'],
    ['fires for a created order', { status: 'created', paidAt: null, refunds: [refund()] }, 'warning'],
    ['stays quiet when the order is cancelled', { status: 'cancelled', refunds: [refund()] }, null],
    ['stays quiet when the order is closed', { status: 'closed', refunds: [refund()] }, null],
  ])('%s', (_name, overrides, expected) => {
    expect(rule.evaluate(facts(overrides), NOW, rule.defaults)?.severity ?? null).toBe(expected);
  });

  it('reports the latest live refund and how many are pending', () => {
    const refunds = [
      refund({ refundId: 'RF-3', amountFen: 5_000, requestedAt: at('2026-11-23T00:00:00Z') }),
      refund({ refundId: 'RF-1', amountFen: 10_000, requestedAt: at('2026-11-22T00:00:00Z') }),
      refund({ refundId: 'RF-4', amountFen: 1, requestedAt: at('2026-11-24T00:00:00Z'), cancelledAt: NOW }),
    ];
    const f = rule.evaluate(facts({ refunds }), NOW, rule.defaults);
    expect(f).toEqual({
      rule: 'refund_approval',
      kind: 'refund',
      severity: 'warning',
      summary: 'refund of 50.00 needs approval (2 pending)',
      details: {
        refundId: 'RF-3',
        amountFen: 5_000,
        amount: '50.00',
        reason: '不想要了',
        requestedAt: '2026-11-23T00:00:00.000Z',
        pendingRefunds: 2,
        secondApprover: false,
      },
    });
  });

  it('says two approvals are needed above the second threshold', () => {
    const f = rule.evaluate(facts({ refunds: [refund({ amountFen: 250_000 })] }), NOW, rule.defaults);
    expect(f?.summary).toBe('refund of 2500.00 needs two approvals');
  });

  it.each<[string, number, Severity | null]>([
    ['stays quiet just below a configured approval threshold', 9_999, null],
    ['fires at exactly a configured approval threshold', 10_000, 'warning'],
    ['turns critical at a configured second threshold', 50_000, 'critical'],
  ])('%s', (_name, amountFen, expected) => {
    const settings = {
      ...rule.defaults,
      approval_required_from_fen: 10_000,
      second_approver_from_fen: 50_000,
    };
    const f = rule.evaluate(facts({ refunds: [refund({ amountFen })] }), NOW, settings);
    expect(f?.severity ?? null).toBe(expected);
  });

  it('counts only refunds at or above the approval threshold', () => {
    const refunds = [
      refund({ refundId: 'RF-small', amountFen: 500, requestedAt: at('2026-11-24T00:00:00Z') }),
      refund({ refundId: 'RF-big', amountFen: 20_000 }),
    ];
    const settings = { ...rule.defaults, approval_required_from_fen: 10_000 };
    const f = rule.evaluate(facts({ refunds }), NOW, settings);
    expect(f?.details).toMatchObject({ refundId: 'RF-big', pendingRefunds: 1 });
  });
});
