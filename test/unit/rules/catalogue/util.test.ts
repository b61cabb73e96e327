import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  isFinished,
  isOpen,
  liveRefunds,
  minutesBetween,
} from '../../../../src/rules/catalogue/util.js';
import type { OrderStatus } from '../../../../src/domain/order.js';
import { HOUR, MINUTE, SECOND, at, facts, refund } from './facts.js';

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [45 * SECOND, '45s'],
    [MINUTE, '1m'],
    [2 * HOUR, '2h'],
    [2 * HOUR + 15 * MINUTE, '2h15m'],
    [2 * HOUR + 15 * MINUTE + 59 * SECOND, '2h15m'],
    [24 * HOUR, '1d'],
    [26 * HOUR + 5 * MINUTE, '1d2h5m'],
    [-(20 * MINUTE), '20m'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('status groups', () => {
  it.each<[OrderStatus, boolean, boolean]>([
    ['created', true, false],
    ['paid', true, false],
    ['picking', true, false],
    ['packed', true, false],
    ['shipped', false, false],
    ['delivered', false, false],
    ['cancelled', false, true],
    ['closed', false, true],
  ])('classifies %s as open=%s, finished=%s', (status, open, finished) => {
    expect([isOpen(status), isFinished(status)]).toEqual([open, finished]);
  });
});

describe('minutesBetween', () => {
  it.each<[string, string, number]>([
    ['2026-11-22T00:00:00Z', '2026-11-22T02:15:59Z', 135],
    ['2026-11-22T02:15:59Z', '2026-11-22T00:00:00Z', -135],
  ])('counts whole minutes from %s to %s', (from, to, minutes) => {
    expect(minutesBetween(at(from), at(to))).toBe(minutes);
  });
});

describe('liveRefunds', () => {
  it('drops cancelled refunds and sorts by request time without touching the order', () => {
    const refunds = [
      refund({ refundId: 'b', requestedAt: at('2026-11-22T02:00:00Z') }),
      refund({ refundId: 'x', cancelledAt: at('2026-11-22T03:00:00Z') }),
      refund({ refundId: 'a', requestedAt: at('2026-11-22T01:00:00Z') }),
    ];
    const order = facts({ refunds });
    expect(liveRefunds(order).map((r) => r.refundId)).toEqual(['a', 'b']);
    expect(order.refunds.map((r) => r.refundId)).toEqual(['b', 'x', 'a']);
  });
});
