import { describe, expect, it } from 'vitest';
import { suspectRecipientDaily as rule } from '../../../../src/rules/catalogue/suspect-recipient-daily.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { at, facts } from './facts.js';

const NOW = at('2026-11-22T01:00:00Z');

// Counting orders per calendar day in Asia/Shanghai (a day boundary at 16:00Z) is the store's job and is
// tested with the store; the rule only applies the threshold to the count it is given.
describe('suspect_recipient_daily', () => {
  it.each<[string, Partial<OrderFacts>, Severity | null]>([
    ['fires at exactly 3 orders on the day', { recipientOrdersSameDay: 3 }, 'warning'],
    ['stays quiet at 2 orders on the day', { recipientOrdersSameDay: 2 }, null],
    ['fires at 7 orders on the day', { recipientOrdersSameDay: 7 }, 'warning'],
    ['stays quiet for a single order', {}, null],
    ['fires for a picked order', { status: 'picking', recipientOrdersSameDay: 3 }, 'warning'],
    [
      'stays quiet once shipped (nothing left to hold)',
      { status: 'shipped', recipientOrdersSameDay: 5 },
      null,
    ],
    ['stays quiet when cancelled', { status: 'cancelled', recipientOrdersSameDay: 5 }, null],
    ['stays quiet when closed', { status: 'closed', recipientOrdersSameDay: 5 }, null],
  ])('%s', (_name, overrides, expected) => {
    expect(rule.evaluate(facts(overrides), NOW, rule.defaults)?.severity ?? null).toBe(expected);
  });

  it('asks to hold the shipment', () => {
    const f = rule.evaluate(facts({ recipientOrdersSameDay: 3 }), NOW, rule.defaults);
    expect(f?.details).toEqual({ ordersSameDay: 3, action: 'hold_shipment' });
  });

  it('does not look at the clock: the same count gives the same answer on any day', () => {
    const order = facts({ recipientOrdersSameDay: 3 });
    const nextDay = at('2026-11-22T16:00:00Z');
    expect(rule.evaluate(order, nextDay, rule.defaults)).toEqual(rule.evaluate(order, NOW, rule.defaults));
  });
});
