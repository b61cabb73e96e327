import { describe, expect, it } from 'vitest';
import { logisticsException as rule } from '../../../../src/rules/catalogue/logistics-exception.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { at, shipped } from './facts.js';

const EXCEPTION_AT = at('2026-11-23T04:00:00Z');
const NOW = at('2026-11-23T05:00:00Z');
const withException = (o: Partial<OrderFacts> = {}) =>
  shipped({
    collectedAt: at('2026-11-22T08:00:00Z'),
    lastScanAt: EXCEPTION_AT,
    lastScanStatus: 'exception',
    lastExceptionAt: EXCEPTION_AT,
    ...o,
  });

describe('logistics_exception', () => {
  it.each<[string, OrderFacts, Severity | null]>([
    ['fires critical when the last scan is an exception', withException(), 'critical'],
    ['fires even when the exception time is missing', withException({ lastExceptionAt: null }), 'critical'],
    [
      'clears when a later in-transit scan arrives',
      withException({ lastScanAt: at('2026-11-23T04:30:00Z'), lastScanStatus: 'in_transit' }),
      null,
    ],
    [
      'clears when the parcel is delivered',
      withException({ status: 'delivered', lastScanStatus: 'delivered' }),
      null,
    ],
    ['stays quiet without any scan', shipped(), null],
    ['stays quiet when the order is cancelled', withException({ status: 'cancelled' }), null],
    ['stays quiet when the order is closed', withException({ status: 'closed' }), null],
  ])('%s', (_name, order, expected) => {
    expect(rule.evaluate(order, NOW, rule.defaults)?.severity ?? null).toBe(expected);
  });

  it('reports when the exception was scanned', () => {
    expect(rule.evaluate(withException(), NOW, rule.defaults)?.details).toMatchObject({
      exceptionAt: '2026-11-23T04:00:00.000Z',
      trackingNo: 'SF123',
    });
  });

  it('does not depend on the time of evaluation', () => {
    const later = at('2026-12-30T00:00:00Z');
    expect(rule.evaluate(withException(), later, rule.defaults)).toEqual(
      rule.evaluate(withException(), NOW, rule.defaults),
    );
  });
});
