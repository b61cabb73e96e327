import { describe, expect, it } from 'vitest';
import { CORE_RULES, RULES } from '../../../../src/rules/catalogue/index.js';
import type { OrderFacts } from '../../../../src/rules/types.js';
import { at, facts, refund, shipped } from './facts.js';

const DURATION_KEYS = ['after', 'critical_after', 'within', 'window'];
const NOW = at('2026-12-01T00:00:00Z');

const suspicious: Partial<OrderFacts> = {
  promisedShipAt: at('2026-11-22T02:00:00Z'),
  province: '新疆维吾尔自治区',
  addressDetail: '附近',
  remark: '测试',
  refunds: [refund({ requestedAt: at('2026-11-22T00:05:00Z') })],
  phoneOrdersInWindow: 9,
  recipientOrdersSameDay: 9,
  channelsWithSamePhoneAndAddress: 3,
};
const OLD_SCAN = at('2026-11-23T00:00:00Z');

/** Live orders that, between them, trip every rule. */
const troubled: [string, OrderFacts][] = [
  ['paid', facts(suspicious)],
  ['picked', facts({ ...suspicious, status: 'picking', pickedAt: at('2026-11-22T02:00:00Z') })],
  ['paid, complaining', facts({ ...suspicious, remark: '三天了还不发货，再不发就投诉到平台！' })],
  ['shipped, never collected', shipped(suspicious)],
  [
    'shipped, scans stopped',
    shipped({ ...suspicious, collectedAt: OLD_SCAN, lastScanAt: OLD_SCAN, lastScanStatus: 'in_transit' }),
  ],
  [
    'shipped, exception',
    shipped({ ...suspicious, collectedAt: OLD_SCAN, lastScanAt: OLD_SCAN, lastScanStatus: 'exception' }),
  ],
];
const byRule = RULES.map((r) => [r.id, r] as const);

describe('the rule catalogue', () => {
  it('lists every core rule and the remark classifier in RULES', () => {
    expect(RULES).toEqual(expect.arrayContaining(CORE_RULES));
    expect(CORE_RULES).toHaveLength(14);
    expect(RULES.map((r) => r.id)).toContain('remark_urgent');
    expect(RULES).toHaveLength(15);
  });

  it('gives every rule a unique id', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(byRule)('names %s in lower case with underscores, enabled by default', (id, rule) => {
    expect(id).toMatch(/^[a-z_]+$/);
    expect(rule.defaults.enabled).toBe(true);
  });

  it.each(byRule)('gives %s positive default durations', (_id, rule) => {
    for (const key of DURATION_KEYS.filter((k) => k in rule.defaults)) {
      const value = rule.defaults[key];
      expect(typeof value === 'number' && Number.isFinite(value) && value > 0, key).toBe(true);
    }
  });

  it.each(byRule)('fires %s for at least one of the troubled live orders', (id, rule) => {
    const fired = troubled.filter(([, order]) => rule.evaluate(order, NOW, rule.defaults) !== null);
    expect(fired.length, id).toBeGreaterThan(0);
    for (const [, order] of fired) expect(rule.evaluate(order, NOW, rule.defaults)?.rule).toBe(id);
  });

  it.each(byRule)('stays quiet on a cancelled order: %s', (_id, rule) => {
    for (const [, order] of troubled) {
      const cancelled = { ...order, status: 'cancelled' as const, cancelledAt: at('2026-11-30T00:00:00Z') };
      expect(rule.evaluate(cancelled, NOW, rule.defaults)).toBeNull();
    }
  });

  it.each(byRule)('stays quiet on a closed order: %s', (_id, rule) => {
    for (const [, order] of troubled) {
      const closed = { ...order, status: 'closed' as const, closedAt: at('2026-11-30T00:00:00Z') };
      expect(rule.evaluate(closed, NOW, rule.defaults)).toBeNull();
    }
  });

  it.each(byRule)('stays quiet when switched off: %s', (_id, rule) => {
    for (const [, order] of troubled) {
      expect(rule.evaluate(order, NOW, { ...rule.defaults, enabled: false })).toBeNull();
    }
  });
});
