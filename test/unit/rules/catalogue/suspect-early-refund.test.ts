import { describe, expect, it } from 'vitest';
import { suspectEarlyRefund as rule } from '../../../../src/rules/catalogue/suspect-early-refund.js';
import type { OrderFacts, RefundFact, Severity } from '../../../../src/rules/types.js';
import { CREATED_AT, MINUTE, SECOND, at, facts, refund } from './facts.js';

const NOW = at('2026-11-22T01:00:00Z');
const afterOrder = (ms: number) => at(CREATED_AT.toISOString(), ms);
const early = (o: Partial<RefundFact> = {}) => refund({ requestedAt: afterOrder(5 * MINUTE), ...o });

describe('suspect_early_refund', () => {
  it.each<[string, Partial<OrderFacts>, Severity | null]>([
    [
      'fires when a refund is requested exactly 10 min after ordering',
      { refunds: [early({ requestedAt: afterOrder(10 * MINUTE) })] },
      'warning',
    ],
    [
      'stays quiet when the refund came one second after 10 min',
      { refunds: [early({ requestedAt: afterOrder(10 * MINUTE + SECOND) })] },
      null,
    ],
    [
      'fires for a refund in the same second as the order',
      { refunds: [early({ requestedAt: CREATED_AT })] },
      'warning',
    ],
    ['stays quiet without refunds', {}, null],
    [
      'stays quiet when the early refund was cancelled',
      { refunds: [early({ cancelledAt: afterOrder(20 * MINUTE) })] },
      null,
    ],
    [
      'fires when a second, live refund is early too',
      {
        refunds: [
          early({ cancelledAt: afterOrder(6 * MINUTE) }),
          early({ refundId: 'RF-2', requestedAt: afterOrder(8 * MINUTE) }),
        ],
      },
      'warning',
    ],
    ['fires for a created, unpaid order', { status: 'created', paidAt: null, refunds: [early()] }, 'warning'],
    ['fires for a packed order', { status: 'packed', refunds: [early()] }, 'warning'],
    ['stays quiet once shipped (the waybill is out)', { status: 'shipped', refunds: [early()] }, null],
    ['stays quiet once delivered', { status: 'delivered', refunds: [early()] }, null],
    ['stays quiet when cancelled', { status: 'cancelled', refunds: [early()] }, null],
    ['stays quiet when closed', { status: 'closed', refunds: [early()] }, null],
  ])('%s', (_name, overrides, expected) => {
    expect(rule.evaluate(facts(overrides), NOW, rule.defaults)?.severity ?? null).toBe(expected);
  });

  it('names the earliest live early refund and asks to hold the waybill', () => {
    const refunds = [
      refund({ refundId: 'RF-late', requestedAt: afterOrder(30 * MINUTE) }),
      early({ refundId: 'RF-2', requestedAt: afterOrder(7 * MINUTE) }),
      early({ refundId: 'RF-1', requestedAt: afterOrder(3 * MINUTE) }),
    ];
    const f = rule.evaluate(facts({ refunds }), NOW, rule.defaults);
    expect(f?.summary).toBe('refund requested 3m after ordering');
    expect(f?.details).toEqual({ refundId: 'RF-1', secondsAfterOrder: 180, action: 'hold_waybill' });
  });

  it('honours a configured window', () => {
    const order = facts({ refunds: [early({ requestedAt: afterOrder(25 * MINUTE) })] });
    expect(rule.evaluate(order, NOW, { ...rule.defaults, within: 30 * MINUTE })?.severity).toBe('warning');
  });
});
