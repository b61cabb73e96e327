import { describe, expect, it } from 'vitest';
import { logisticsNoPickup as rule } from '../../../../src/rules/catalogue/logistics-no-pickup.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { HOUR, SECOND, at, shipped } from './facts.js';

const SHIPPED_AT = at('2026-11-22T06:00:00Z');
const since = (ms: number) => at(SHIPPED_AT.toISOString(), ms);

describe('logistics_no_pickup', () => {
  it.each<[string, Partial<OrderFacts>, number, Severity | null]>([
    ['fires when exactly 24h have passed since shipping without a collected scan', {}, 24 * HOUR, 'warning'],
    ['stays quiet one second before 24h', {}, 24 * HOUR - SECOND, null],
    ['fires days later', {}, 72 * HOUR, 'warning'],
    ['stays quiet when the carrier collected the parcel', { collectedAt: since(HOUR) }, 30 * HOUR, null],
    [
      'stays quiet when collected late, after the 24h mark',
      { collectedAt: since(25 * HOUR), lastScanAt: since(25 * HOUR), lastScanStatus: 'collected' },
      30 * HOUR,
      null,
    ],
    ['stays quiet when shippedAt is missing', { shippedAt: null }, 30 * HOUR, null],
    [
      'stays quiet when the order is delivered',
      { status: 'delivered', deliveredAt: since(HOUR) },
      30 * HOUR,
      null,
    ],
    ['stays quiet when the order is not shipped yet', { status: 'packed' }, 30 * HOUR, null],
    ['stays quiet when the order is cancelled', { status: 'cancelled' }, 30 * HOUR, null],
    ['stays quiet when the order is closed', { status: 'closed' }, 30 * HOUR, null],
  ])('%s', (_name, overrides, elapsed, expected) => {
    expect(rule.evaluate(shipped(overrides), since(elapsed), rule.defaults)?.severity ?? null).toBe(expected);
  });

  it('names the carrier and waybill', () => {
    const f = rule.evaluate(shipped(), since(26 * HOUR), rule.defaults);
    expect(f).toMatchObject({
      rule: 'logistics_no_pickup',
      kind: 'logistics',
      summary: 'shipped 1d2h ago, no carrier pickup scan',
      details: { carrier: 'sf', trackingNo: 'SF123', minutesSinceShipped: 26 * 60 },
    });
  });

  it('honours a configured threshold', () => {
    const settings = { ...rule.defaults, after: 12 * HOUR };
    expect(rule.evaluate(shipped(), since(12 * HOUR), settings)?.severity).toBe('warning');
  });
});
