import { describe, expect, it } from 'vitest';
import { stuckPromiseRisk as rule } from '../../../../src/rules/catalogue/stuck-promise-risk.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { HOUR, MINUTE, SECOND, at, facts } from './facts.js';

const PROMISED = at('2026-11-23T10:00:00Z');
/** `ms` before the promised ship time (negative: after it). */
const before = (ms: number) => at(PROMISED.toISOString(), -ms);

describe('stuck_promise_risk', () => {
  it.each<[string, Partial<OrderFacts>, number, Severity | null]>([
    ['stays quiet when the promise is exactly 2h away', {}, 2 * HOUR, null],
    ['fires when the promise is one second less than 2h away', {}, 2 * HOUR - SECOND, 'warning'],
    ['fires as a warning one second before the promise', {}, SECOND, 'warning'],
    ['turns critical at the promised instant', {}, 0, 'critical'],
    ['stays critical once the promise is past', {}, -3 * HOUR, 'critical'],
    ['stays quiet when the promise is a day away', {}, 24 * HOUR, null],
    ['fires for a picked order', { status: 'picking', pickedAt: before(5 * HOUR) }, HOUR, 'warning'],
    ['fires for a packed order', { status: 'packed', packedAt: before(5 * HOUR) }, -HOUR, 'critical'],
    ['fires when the order is held (the deadline still breaks)', { holdState: 'held' }, HOUR, 'warning'],
    ['fires when the order is pre-sale', { presale: true }, -HOUR, 'critical'],
    ['stays quiet when no ship time was promised', { promisedShipAt: null }, -HOUR, null],
    ['stays quiet when the order is only created', { status: 'created', paidAt: null }, -HOUR, null],
    ['stays quiet when the order is shipped', { status: 'shipped' }, -HOUR, null],
    ['stays quiet when the order is delivered', { status: 'delivered' }, -HOUR, null],
    ['stays quiet when the order is cancelled', { status: 'cancelled' }, -HOUR, null],
    ['stays quiet when the order is closed', { status: 'closed' }, -HOUR, null],
  ])('%s', (_name, overrides, ahead, expected) => {
    expect(rule.evaluate(facts(overrides), before(ahead), rule.defaults)?.severity ?? null).toBe(expected);
  });

  it.each<[string, number, string, number]>([
    ['says how long is left when ahead', 90 * MINUTE, 'promised ship time in 1h30m, not shipped', 90],
    ['says how long ago when past', -20 * MINUTE, 'promised ship time passed 20m ago, not shipped', -20],
  ])('%s', (_name, ahead, summary, minutesLeft) => {
    const f = rule.evaluate(facts(), before(ahead), rule.defaults);
    expect(f?.summary).toBe(summary);
    expect(f?.details).toMatchObject({ minutesLeft, promisedShipAt: '2026-11-23T10:00:00.000Z' });
  });

  it('honours a configured window', () => {
    const settings = { ...rule.defaults, within: 6 * HOUR };
    expect(rule.evaluate(facts(), before(5 * HOUR), settings)?.severity).toBe('warning');
  });
});
