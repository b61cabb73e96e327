import { describe, expect, it } from 'vitest';
import { suspectPhoneVelocity as rule } from '../../../../src/rules/catalogue/suspect-phone-velocity.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { HOUR, at, facts } from './facts.js';

const NOW = at('2026-11-22T01:00:00Z');

// The store counts the phone's orders within the window; the rule applies the threshold.
describe('suspect_phone_velocity', () => {
  it.each<[string, Partial<OrderFacts>, Severity | null]>([
    ['fires at exactly 5 orders in the window', { phoneOrdersInWindow: 5 }, 'warning'],
    ['stays quiet at 4 orders', { phoneOrdersInWindow: 4 }, null],
    ['fires at 12 orders', { phoneOrdersInWindow: 12 }, 'warning'],
    ['stays quiet for a single order', {}, null],
    ['fires for a created order', { status: 'created', paidAt: null, phoneOrdersInWindow: 5 }, 'warning'],
    ['fires for a packed order', { status: 'packed', phoneOrdersInWindow: 5 }, 'warning'],
    ['stays quiet once shipped', { status: 'shipped', phoneOrdersInWindow: 9 }, null],
    ['stays quiet once delivered', { status: 'delivered', phoneOrdersInWindow: 9 }, null],
    ['stays quiet when cancelled', { status: 'cancelled', phoneOrdersInWindow: 9 }, null],
    ['stays quiet when closed', { status: 'closed', phoneOrdersInWindow: 9 }, null],
  ])('%s', (_name, overrides, expected) => {
    expect(rule.evaluate(facts(overrides), NOW, rule.defaults)?.severity ?? null).toBe(expected);
  });

  it('keeps the window in its settings for the store', () => {
    expect(rule.defaults).toMatchObject({ window: 24 * HOUR, min_orders: 5 });
  });

  it('reports the count and the window', () => {
    const f = rule.evaluate(facts({ phoneOrdersInWindow: 6 }), NOW, rule.defaults);
    expect(f?.summary).toBe('6 orders from the same buyer phone within 1d');
    expect(f?.details).toEqual({ ordersInWindow: 6, windowMs: 24 * HOUR });
    expect(f?.summary).not.toContain('13800138000');
  });

  it('honours a configured minimum', () => {
    const settings = { ...rule.defaults, min_orders: 3 };
    expect(rule.evaluate(facts({ phoneOrdersInWindow: 3 }), NOW, settings)?.severity).toBe('warning');
  });
});
