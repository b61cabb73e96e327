import { describe, expect, it } from 'vitest';
import { stuckUnshipped as rule } from '../../../../src/rules/catalogue/stuck-unshipped.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { HOUR, MINUTE, SECOND, at, facts } from './facts.js';

const PICKED_AT = at('2026-11-22T02:00:00Z');
const since = (ms: number) => at(PICKED_AT.toISOString(), ms);
const picked = (o: Partial<OrderFacts> = {}) => facts({ status: 'picking', pickedAt: PICKED_AT, ...o });

describe('stuck_unshipped', () => {
  it.each<[string, OrderFacts, number, Severity | null]>([
    ['fires when exactly 4h have passed since the pick', picked(), 4 * HOUR, 'warning'],
    ['stays quiet one second before 4h', picked(), 4 * HOUR - SECOND, null],
    [
      'fires for a packed order from its pick time',
      picked({ status: 'packed', packedAt: since(HOUR) }),
      4 * HOUR,
      'warning',
    ],
    [
      'stays quiet 3h after packedAt when pickedAt is missing',
      picked({ status: 'packed', pickedAt: null, packedAt: since(HOUR) }),
      4 * HOUR,
      null,
    ],
    [
      'fires 4h after packedAt when pickedAt is missing',
      picked({ status: 'packed', pickedAt: null, packedAt: since(HOUR) }),
      5 * HOUR,
      'warning',
    ],
    ['stays quiet when both pick and pack times are missing', picked({ pickedAt: null }), 10 * HOUR, null],
    ['stays warning at 7h59m59s', picked(), 8 * HOUR - SECOND, 'warning'],
    ['turns critical at exactly 8h', picked(), 8 * HOUR, 'critical'],
    ['stays quiet when the order is held', picked({ holdState: 'held' }), 10 * HOUR, null],
    ['stays quiet when the order is pre-sale', picked({ presale: true }), 10 * HOUR, null],
    ['stays quiet when the order is still only paid', facts(), 10 * HOUR, null],
    [
      'stays quiet when the order is shipped',
      picked({ status: 'shipped', shippedAt: since(HOUR) }),
      10 * HOUR,
      null,
    ],
    ['stays quiet when the order is cancelled', picked({ status: 'cancelled' }), 10 * HOUR, null],
    ['stays quiet when the order is closed', picked({ status: 'closed' }), 10 * HOUR, null],
  ])('%s', (_name, order, elapsed, expected) => {
    expect(rule.evaluate(order, since(elapsed), rule.defaults)?.severity ?? null).toBe(expected);
  });

  it.each<[string, OrderFacts, string]>([
    ['says picked when the pick time is known', picked(), 'picked 4h30m ago, not shipped'],
    [
      'says packed when only the pack time is known',
      picked({ status: 'packed', pickedAt: null, packedAt: PICKED_AT }),
      'packed 4h30m ago, not shipped',
    ],
  ])('%s', (_name, order, summary) => {
    const f = rule.evaluate(order, since(4 * HOUR + 30 * MINUTE), rule.defaults);
    expect(f?.summary).toBe(summary);
    expect(f?.details).toMatchObject({ minutesSince: 270, minutesLate: 30 });
  });
});
