import { describe, expect, it } from 'vitest';
import { logisticsRemoteRegion as rule } from '../../../../src/rules/catalogue/logistics-remote-region.js';
import type { OrderFacts } from '../../../../src/rules/types.js';
import { at, facts } from './facts.js';

const NOW = at('2026-11-22T01:00:00Z');

describe('logistics_remote_region', () => {
  it.each<[string, Partial<OrderFacts>, string | null]>([
    ['fires for 新疆维吾尔自治区', { province: '新疆维吾尔自治区' }, '新疆'],
    ['fires for 西藏自治区', { province: '西藏自治区' }, '西藏'],
    ['fires for 青海省', { province: '青海省' }, '青海'],
    ['fires for a bare 新疆', { province: '新疆' }, '新疆'],
    ['fires when the province has stray spaces', { province: ' 青海省 ' }, '青海'],
    ['fires while picking', { status: 'picking', province: '西藏自治区' }, '西藏'],
    ['fires while packed', { status: 'packed', province: '西藏自治区' }, '西藏'],
    ['fires once shipped', { status: 'shipped', province: '青海省' }, '青海'],
    ['stays quiet for 浙江省', {}, null],
    ['stays quiet when the region only appears later in the name', { province: '内蒙古新疆' }, null],
    ['stays quiet without a province', { province: null }, null],
    ['stays quiet before payment', { status: 'created', province: '新疆维吾尔自治区' }, null],
    ['stays quiet once delivered', { status: 'delivered', province: '新疆维吾尔自治区' }, null],
    ['stays quiet when cancelled', { status: 'cancelled', province: '新疆维吾尔自治区' }, null],
    ['stays quiet when closed', { status: 'closed', province: '新疆维吾尔自治区' }, null],
  ])('%s', (_name, overrides, region) => {
    const f = rule.evaluate(facts(overrides), NOW, rule.defaults);
    expect(f === null ? null : f.details['region']).toBe(region);
  });

  it('is an info finding that asks for a customer notice', () => {
    const f = rule.evaluate(facts({ province: '新疆维吾尔自治区' }), NOW, rule.defaults);
    expect(f).toMatchObject({
      rule: 'logistics_remote_region',
      kind: 'logistics',
      severity: 'info',
      details: { customer_notice: true, province: '新疆维吾尔自治区' },
    });
  });

  it.each<[string, string[], string | null]>([
    ['fires for a configured province', ['内蒙古'], '内蒙古'],
    ['stays quiet when the list no longer names it', ['西藏'], null],
    ['ignores empty entries instead of matching everything', [''], null],
  ])('%s', (_name, provinces, region) => {
    const f = rule.evaluate(facts({ province: '内蒙古自治区' }), NOW, { ...rule.defaults, provinces });
    expect(f === null ? null : f.details['region']).toBe(region);
  });
});
