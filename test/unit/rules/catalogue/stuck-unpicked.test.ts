import { describe, expect, it } from 'vitest';
import { stuckUnpicked as rule } from '../../../../src/rules/catalogue/stuck-unpicked.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { HOUR, PAID_AT, SECOND, at, facts } from './facts.js';

const since = (ms: number) => at(PAID_AT.toISOString(), ms);

describe('stuck_unpicked', () => {
  it.each<[string, Partial<OrderFacts>, number, Severity | null]>([
    ['fires when exactly 2h have passed since payment', {}, 2 * HOUR, 'warning'],
    ['stays quiet one second before 2h', {}, 2 * HOUR - SECOND, null],
    ['fires as a warning at 3h59m59s', {}, 4 * HOUR - SECOND, 'warning'],
    ['turns critical at exactly 4h', {}, 4 * HOUR, 'critical'],
    ['stays critical long after', {}, 30 * HOUR, 'critical'],
    ['stays quiet when the order is held', { holdState: 'held' }, 5 * HOUR, null],
    ['stays quiet when the order is pre-sale', { presale: true }, 5 * HOUR, null],
    ['stays quiet when the order is picked', { status: 'picking', pickedAt: since(HOUR) }, 5 * HOUR, null],
    ['stays quiet when a pick time is recorded', { pickedAt: since(HOUR) }, 5 * HOUR, null],
    ['stays quiet when the order is only created', { status: 'created', paidAt: null }, 5 * HOUR, null],
    ['stays quiet when paidAt is missing', { paidAt: null }, 5 * HOUR, null],
    ['stays quiet when the order is cancelled', { status: 'cancelled' }, 5 * HOUR, null],
    ['stays quiet when the order is closed', { status: 'closed' }, 5 * HOUR, null],
    ['stays quiet when the order is shipped', { status: 'shipped' }, 5 * HOUR, null],
  ])('%s', (_name, overrides, elapsed, expected) => {
    const f = rule.evaluate(facts(overrides), since(elapsed), rule.defaults);
    expect(f?.severity ?? null).toBe(expected);
  });

  it('describes the wait and how late it is', () => {
    const f = rule.evaluate(facts(), since(2 * HOUR + 15 * 60 * SECOND), rule.defaults);
    expect(f).toEqual({
      rule: 'stuck_unpicked',
      kind: 'stuck',
      severity: 'warning',
      summary: 'paid 2h15m ago, not picked',
      details: {
        paidAt: '2026-11-22T00:01:00.000Z',
        minutesSincePaid: 135,
        minutesLate: 15,
        warehouse: 'hz-1',
      },
    });
  });

  it.each<[string, number, Severity | null]>([
    ['stays quiet before a configured 3h', 3 * HOUR - SECOND, null],
    ['fires at a configured 3h', 3 * HOUR, 'warning'],
    ['turns critical at a configured 5h', 5 * HOUR, 'critical'],
  ])('%s', (_name, elapsed, expected) => {
    const settings = { ...rule.defaults, after: 3 * HOUR, critical_after: 5 * HOUR };
    expect(rule.evaluate(facts(), since(elapsed), settings)?.severity ?? null).toBe(expected);
  });

  it('stays quiet when switched off', () => {
    expect(rule.evaluate(facts(), since(5 * HOUR), { ...rule.defaults, enabled: false })).toBeNull();
  });
});
