// Contract-shaped order and event bodies for tests (CONTRACT.md §3).
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'taobao',
    externalId: 'TB20261122001',
    shopId: 'shop-1',
    status: 'paid',
    amount: '399.00',
    currency: 'CNY',
    buyer: { name: '张三', phone: '13800138000' },
    address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路 969 号' },
    items: [{ sku: 'SKU-1', name: '连衣裙', qty: 1, price: '399.00' }],
    warehouse: 'hz-1',
    createdAt: '2026-11-22T08:00:00+08:00',
    paidAt: '2026-11-22T08:01:00+08:00',
    promisedShipAt: '2026-11-23T18:00:00+08:00',
    remark: '',
    ...overrides,
  };
}

export function eventBody(
  type: string,
  at: string,
  data: Record<string, unknown> = {},
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { channel: 'taobao', externalId: 'TB20261122001', type, at, data, ...overrides };
}
