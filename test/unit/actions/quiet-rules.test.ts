// Boundaries of the two ways a person quiets a rule: a decided refund, a legit mark (or a merge).
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/rules/catalogue/index.js';
import { refundApproval } from '../../../src/rules/catalogue/refund-approval.js';
import { liveRefunds } from '../../../src/rules/catalogue/util.js';
import { facts, refund } from '../rules/catalogue/facts.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const settings = (id: string) => ({ ...RULES.find((r) => r.id === id)!.defaults });

describe('decided refunds', () => {
  it.each([
    ['approved', 0],
    ['rejected', 0],
    [null, 1],
    [undefined, 1],
  ] as const)('does count a refund decided %s as live %i times', (decision, n) => {
    expect(liveRefunds(facts({ refunds: [refund({ decision })] }))).toHaveLength(n);
  });

  it('does keep asking about an undecided refund when an older one was decided', () => {
    const order = facts({
      refunds: [
        refund({ refundId: 'RF-1', decision: 'approved' }),
        refund({ refundId: 'RF-2', requestedAt: new Date('2026-11-22T02:00:00Z') }),
      ],
    });
    const f = refundApproval.evaluate(order, NOW, refundApproval.defaults);
    expect(f?.details.refundId).toBe('RF-2');
    expect(f?.details.pendingRefunds).toBe(1);
  });
});

const SUSPECT: [string, Parameters<typeof facts>[0]][] = [
  ['suspect_phone_velocity', { phoneOrdersInWindow: 9 }],
  ['suspect_recipient_daily', { recipientOrdersSameDay: 9 }],
  ['suspect_cross_channel_duplicate', { channelsWithSamePhoneAndAddress: 3 }],
  ['suspect_test_order', { remark: '测试单' }],
  ['suspect_vague_address', { addressDetail: '学校附近' }],
  ['suspect_early_refund', { refunds: [refund({ requestedAt: new Date('2026-11-22T00:05:00Z') })] }],
];

describe('legit marks', () => {
  it.each(SUSPECT)('does quiet %s for a customer marked legit for it', (id, over) => {
    const rule = RULES.find((r) => r.id === id)!;
    expect(rule.evaluate(facts(over), NOW, settings(id))).not.toBeNull();
    expect(rule.evaluate(facts({ ...over, legitRules: [id] }), NOW, settings(id))).toBeNull();
  });

  it.each(SUSPECT)('does not quiet %s for a mark on another rule', (id, over) => {
    const rule = RULES.find((r) => r.id === id)!;
    const other = SUSPECT.map(([r]) => r).filter((r) => r !== id);
    expect(rule.evaluate(facts({ ...over, legitRules: other }), NOW, settings(id))).not.toBeNull();
  });
});
