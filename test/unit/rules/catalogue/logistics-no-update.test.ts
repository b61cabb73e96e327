import { describe, expect, it } from 'vitest';
import { logisticsNoUpdate as rule } from '../../../../src/rules/catalogue/logistics-no-update.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { HOUR, SECOND, at, shipped } from './facts.js';

const SCAN_AT = at('2026-11-22T10:00:00Z');
const since = (ms: number) => at(SCAN_AT.toISOString(), ms);
const scanned = (o: Partial<OrderFacts> = {}) =>
  shipped({
    collectedAt: at('2026-11-22T08:00:00Z'),
    lastScanAt: SCAN_AT,
    lastScanStatus: 'in_transit',
    ...o,
  });

describe('logistics_no_update', () => {
  it.each<[string, OrderFacts, number, Severity | null]>([
    ['fires when the last scan is exactly 48h old', scanned(), 48 * HOUR, 'warning'],
    ['stays quiet one second before 48h', scanned(), 48 * HOUR - SECOND, null],
    [
      'fires when the only scan is the collection',
      scanned({ lastScanStatus: 'collected' }),
      50 * HOUR,
      'warning',
    ],
    [
      'fires when out for delivery and quiet',
      scanned({ lastScanStatus: 'out_for_delivery' }),
      50 * HOUR,
      'warning',
    ],
    ['stays quiet after a fresh scan', scanned({ lastScanAt: since(40 * HOUR) }), 50 * HOUR, null],
    ['stays quiet when there is no scan yet (no_pickup covers it)', shipped(), 100 * HOUR, null],
    [
      'stays quiet when the last scan is an exception',
      scanned({ lastScanStatus: 'exception' }),
      50 * HOUR,
      null,
    ],
    [
      'stays quiet when the last scan is the delivery',
      scanned({ lastScanStatus: 'delivered' }),
      50 * HOUR,
      null,
    ],
    ['stays quiet when the order is delivered', scanned({ status: 'delivered' }), 50 * HOUR, null],
    ['stays quiet when the order is cancelled', scanned({ status: 'cancelled' }), 50 * HOUR, null],
    ['stays quiet when the order is closed', scanned({ status: 'closed' }), 50 * HOUR, null],
  ])('%s', (_name, order, elapsed, expected) => {
    expect(rule.evaluate(order, since(elapsed), rule.defaults)?.severity ?? null).toBe(expected);
  });

  it('says how long the carrier has been quiet', () => {
    const f = rule.evaluate(scanned(), since(49 * HOUR), rule.defaults);
    expect(f?.summary).toBe('no carrier scan for 2d1h, not delivered');
    expect(f?.details).toMatchObject({ lastScanStatus: 'in_transit', minutesSinceScan: 49 * 60 });
  });
});
