import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../../../src/domain/order.js';
import type { OrderFacts } from '../../../../src/rules/types.js';
import { classifyRemark } from '../../../../src/rules/urgency/classifier.js';
import { remarkUrgentRule } from '../../../../src/rules/urgency/remark-urgent.js';

const NOW = new Date('2025-06-18T04:00:00Z');
const DEFAULTS = remarkUrgentRule.defaults;

function order(remark: string, status: OrderStatus = 'paid'): OrderFacts {
  return {
    id: 'o-1',
    channel: 'taobao',
    externalId: 'TB-1',
    status,
    amountFen: 19_900,
    warehouse: null,
    holdState: 'none',
    presale: false,
    createdAt: new Date('2025-06-18T02:00:00Z'),
    paidAt: new Date('2025-06-18T02:01:00Z'),
    pickedAt: null,
    packedAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
    closedAt: null,
    promisedShipAt: null,
    trackingNo: null,
    carrier: null,
    collectedAt: null,
    lastScanAt: null,
    lastScanStatus: null,
    lastExceptionAt: null,
    buyerPhone: null,
    phoneHash: null,
    province: '浙江省',
    city: '杭州市',
    district: '西湖区',
    addressDetail: '文三路 1 号',
    addressHash: null,
    remark,
    refunds: [],
    phoneOrdersInWindow: 1,
    recipientOrdersSameDay: 1,
    channelsWithSamePhoneAndAddress: 1,
  };
}

describe('remark_urgent rule', () => {
  it('declares id remark_urgent, kind suspect, not time-based, defaults enabled at 0.6', () => {
    expect(remarkUrgentRule).toMatchObject({
      id: 'remark_urgent',
      kind: 'suspect',
      timeBased: false,
      defaults: { enabled: true, min_confidence: 0.6 },
    });
  });

  it.each([
    ['加急！明天一定要用', 'urgent', 'warning', 'urgent'],
    ['今天务必发出，赶时间', 'urgent', 'warning', 'urgent'],
    ['再不发货就投诉你们', 'complaint', 'critical', 'a complaint'],
    ['质量太差，给差评', 'complaint', 'critical', 'a complaint'],
  ] as const)('fires on %s as %s with severity %s', (remark, label, severity, reads) => {
    const f = remarkUrgentRule.evaluate(order(remark), NOW, DEFAULTS);
    const { confidence } = classifyRemark(remark);
    expect(f).toEqual({
      rule: 'remark_urgent',
      kind: 'suspect',
      severity,
      summary: `buyer remark reads as ${reads} (${confidence.toFixed(2)})`,
      details: { label, confidence, remark },
    });
  });

  it.each([
    ['不急，慢慢发'],
    ['一点都不着急，包装好就行'],
    ['请发顺丰，谢谢'],
    ['不会给差评的'],
    ['颜色要黑色'],
  ])('stays quiet on the calm remark %s', (remark) => {
    expect(remarkUrgentRule.evaluate(order(remark), NOW, DEFAULTS)).toBeNull();
  });

  it.each([[''], ['   '], ['\n']])('stays quiet on the empty remark %j', (remark) => {
    expect(remarkUrgentRule.evaluate(order(remark), NOW, DEFAULTS)).toBeNull();
  });

  it.each(['cancelled', 'closed', 'delivered'] as const)(
    'stays quiet on an urgent remark when the order is %s',
    (status) => {
      expect(remarkUrgentRule.evaluate(order('加急！明天一定要用', status), NOW, DEFAULTS)).toBeNull();
    },
  );

  it.each(['created', 'paid', 'picking', 'packed', 'shipped'] as const)(
    'fires on a complaint remark when the order is %s',
    (status) => {
      expect(remarkUrgentRule.evaluate(order('再不发货就投诉你们', status), NOW, DEFAULTS)).not.toBeNull();
    },
  );

  it('stays quiet when the rule is disabled', () => {
    const settings = { ...DEFAULTS, enabled: false };
    expect(remarkUrgentRule.evaluate(order('再不发货就投诉你们'), NOW, settings)).toBeNull();
  });

  it('fires when the confidence equals min_confidence and stays quiet just above it', () => {
    const remark = '加急！明天一定要用';
    const { confidence } = classifyRemark(remark);
    expect(
      remarkUrgentRule.evaluate(order(remark), NOW, { ...DEFAULTS, min_confidence: confidence }),
    ).not.toBeNull();
    const above = { ...DEFAULTS, min_confidence: confidence + 1e-9 };
    expect(remarkUrgentRule.evaluate(order(remark), NOW, above)).toBeNull();
  });

  it('stays quiet on a borderline remark under the default 0.6 and fires when min_confidence is lowered', () => {
    // A bare shipping question leans urgent or complaint without conviction (about 0.55 when written).
    const borderline = ['发货了吗？', '麻烦快一点', '发了吗'].find((r) => {
      const c = classifyRemark(r);
      return c.label !== 'normal' && c.confidence < 0.6;
    });
    expect(borderline).toBeDefined();
    const remark = borderline!;
    expect(remarkUrgentRule.evaluate(order(remark), NOW, DEFAULTS)).toBeNull();
    expect(
      remarkUrgentRule.evaluate(order(remark), NOW, { ...DEFAULTS, min_confidence: 0.4 }),
    ).not.toBeNull();
  });

  it('carries only the first 100 characters of a long remark, counting emoji as one', () => {
    const remark = '😭'.repeat(10) + '加急！明天一定要用，'.repeat(20);
    const f = remarkUrgentRule.evaluate(order(remark), NOW, DEFAULTS);
    const excerpt = f?.details['remark'] as string;
    expect(Array.from(excerpt)).toHaveLength(100);
    expect(remark.startsWith(excerpt)).toBe(true);
  });

  it('gives the same finding for the same order evaluated twice', () => {
    const o = order('急用急用，今天必须发');
    expect(remarkUrgentRule.evaluate(o, NOW, DEFAULTS)).toEqual(remarkUrgentRule.evaluate(o, NOW, DEFAULTS));
  });
});
