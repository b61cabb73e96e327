// Test facts: a complete OrderFacts for a normal paid Taobao order, overridable field by field.
import type { OrderFacts, RefundFact } from '../../../../src/rules/types.js';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** The instant `iso` (UTC), or `ms` after it. */
export function at(iso: string, ms = 0): Date {
  return new Date(new Date(iso).getTime() + ms);
}

export const CREATED_AT = at('2026-11-22T00:00:00Z');
export const PAID_AT = at('2026-11-22T00:01:00Z');

export function facts(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    id: 'order-1',
    channel: 'taobao',
    externalId: 'TB20261122001',
    status: 'paid',
    amountFen: 39_900,
    warehouse: 'hz-1',
    holdState: 'none',
    presale: false,
    createdAt: CREATED_AT,
    paidAt: PAID_AT,
    pickedAt: null,
    packedAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
    closedAt: null,
    promisedShipAt: at('2026-11-23T10:00:00Z'),
    trackingNo: null,
    carrier: null,
    collectedAt: null,
    lastScanAt: null,
    lastScanStatus: null,
    lastExceptionAt: null,
    buyerPhone: '13800138000',
    phoneHash: 'hash-13800138000',
    province: '浙江省',
    city: '杭州市',
    district: '余杭区',
    addressDetail: '文一西路 969 号',
    addressHash: 'hash-address-1',
    remark: '',
    refunds: [],
    phoneOrdersInWindow: 1,
    recipientOrdersSameDay: 1,
    channelsWithSamePhoneAndAddress: 1,
    ...overrides,
  };
}

export function refund(overrides: Partial<RefundFact> = {}): RefundFact {
  return {
    refundId: 'RF-1',
    amountFen: 39_900,
    reason: '不想要了',
    requestedAt: at('2026-11-22T01:00:00Z'),
    cancelledAt: null,
    ...overrides,
  };
}

/** A shipped order: shipped at 2026-11-22T06:00:00Z, waybill SF123 with SF Express, no scans yet. */
export function shipped(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return facts({
    status: 'shipped',
    pickedAt: at('2026-11-22T02:00:00Z'),
    packedAt: at('2026-11-22T03:00:00Z'),
    shippedAt: at('2026-11-22T06:00:00Z'),
    trackingNo: 'SF123',
    carrier: 'sf',
    ...overrides,
  });
}
